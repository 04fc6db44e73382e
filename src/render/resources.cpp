#include <pmo/render/resources.hpp>

#include <pmo/render/charts.hpp>
#include <pmo/render/json.hpp>
#include <pmo/render/svg.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <initializer_list>

namespace pmo {
namespace {

double util(const PeriodFigures& f) {
    if (f.available_hours > 0) return f.booked_hours / f.available_hours;
    return f.booked_hours > 0 ? INFINITY : 0;
}

std::string period_label(Date d, Period p, bool short_form) {
    if (p == Period::month) return d.iso().substr(0, 7);
    return short_form ? d.iso().substr(5) : d.iso();
}

/// The head of a Markdown table with a column for each period of `rep` (right-aligned, as
/// hours are) between the columns `first` (left-aligned) and `last` (right-aligned).
void md_period_head(std::ostream& out, const ResourceReport& rep, std::initializer_list<std::string_view> first,
                    std::initializer_list<std::string_view> last) {
    out << '|';
    for (std::string_view h : first) out << ' ' << h << " |";
    for (Date d : rep.starts) out << ' ' << period_label(d, rep.period, true) << " |";
    for (std::string_view h : last) out << ' ' << h << " |";
    out << "\n|";
    for (size_t i = 0; i < first.size(); ++i) out << "---|";
    for (size_t i = 0; i < rep.starts.size() + last.size(); ++i) out << "--:|";
    out << '\n';
}

std::string task_name(const Portfolio& pf, int32_t p, int32_t t) {
    return pf.projects[static_cast<size_t>(p)].id + "/" +
           pf.projects[static_cast<size_t>(p)].tasks[static_cast<size_t>(t)].id;
}

}  // namespace

void render_resources_table(std::ostream& out, const ResourceView& v) {
    const auto& pf = v.portfolio;
    const auto& rep = v.report;
    const char* bold = v.color ? "\033[1m" : "";
    const char* reset = v.color ? "\033[0m" : "";
    auto cell = [&](const PeriodFigures& f) {
        const double u = util(f);
        std::string text = f.booked_hours == 0 && f.available_hours == 0 ? "-" : f.booked_hours == 0 ? "." : std::isinf(u) ? "!!" : fmt::format("{:.0f}", u * 100);
        std::string c = fmt::format("{:>4}", text);
        if (!v.color) return c;
        const char* col = std::isinf(u) || u > 1.005 ? "\033[41;97m" : u >= 0.8 ? "\033[43;30m" : u > 0 ? "\033[42;30m" : "\033[2m";
        return std::string(col) + c + reset;
    };
    size_t w = 8;
    for (const Resource& r : pf.resources) w = std::max(w, r.id.size());
    out << bold << fmt::format("{:<{}} {:<14}", "resource", w, "role");
    for (Date d : rep.starts) out << fmt::format(" {:>4}", period_label(d, rep.period, true).substr(rep.period == Period::week ? 0 : 2));
    out << "   booked   avail  util      cost" << reset << '\n';
    for (const ResourceLoad& rl : rep.resources) {
        const Resource& r = pf.resources[static_cast<size_t>(rl.resource)];
        out << fmt::format("{:<{}} {:<14}", r.id, w, r.role ? terminal_cell(r.role.value, 14) : "");
        for (const PeriodFigures& f : rl.periods) out << ' ' << cell(f);
        out << fmt::format(" {:>8.0f} {:>7.0f} {:>4.0f}% {:>9}\n", rl.booked_hours, rl.available_hours,
                           rl.available_hours > 0 ? 100 * rl.booked_hours / rl.available_hours : 0, money(rl.cost));
    }
    out << "\n" << bold << "demand and supply by role (booked / available hours)" << reset << '\n';
    for (const RoleLoad& role : rep.roles)
        out << fmt::format("  {:<20} {:>8.0f} / {:<8.0f} {:>4.0f}%{}\n", terminal_text(role.role), role.booked_hours, role.available_hours,
                           role.available_hours > 0 ? 100 * role.booked_hours / role.available_hours : 0,
                           role.booked_hours > role.available_hours ? "  demand above supply" : "");
    bool idle_header = false;
    for (const ResourceLoad& rl : rep.resources) {
        if (rl.available_hours <= 0 || rl.booked_hours >= 0.5 * rl.available_hours) continue;
        if (!idle_header) out << "\n" << bold << "idle capacity (under 50% booked)" << reset << '\n';
        idle_header = true;
        out << fmt::format("  {:<{}} {:>6.0f} h free of {:.0f} h\n", pf.resources[static_cast<size_t>(rl.resource)].id, w,
                           rl.available_hours - rl.booked_hours, rl.available_hours);
    }
    if (!v.plan.overallocations.empty()) {
        out << "\n" << bold << "over-allocations" << reset << '\n';
        for (const Overallocation& o : v.plan.overallocations) {
            std::vector<std::string> tasks;
            for (auto [p, t] : o.tasks) tasks.push_back(task_name(pf, p, t));
            out << fmt::format("  {} {} .. {}  peak {:g}% of {:g}%  {}\n", pf.resources[static_cast<size_t>(o.resource)].id,
                               o.from.iso(), o.to.iso(), o.peak_units * 100, o.capacity * 100, fmt::join(tasks, ", "));
        }
    }
    if (!rep.skill_gaps.empty() || !rep.missing_skills.empty()) {
        out << "\n" << bold << "skills" << reset << '\n';
        for (const SkillGap& g : rep.skill_gaps)
            out << fmt::format("  {} needs {}: none of its assignees has it{}\n", task_name(pf, g.project, g.task), terminal_text(g.skill),
                               g.in_pool ? "" : ", nor anyone in the pool");
        for (const std::string& s : rep.missing_skills) out << fmt::format("  nobody in the pool has {}\n", terminal_text(s));
    }
    out << "\n" << bold << fmt::format("{:<24} {:>8} {:>12} {:>10} {:>12} {:>12}", "cost by project", "hours", "resources",
                                       "fixed", "total", "budget")
        << reset << '\n';
    for (const ProjectCost& pc : rep.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pc.project)];
        if (pc.booked_hours == 0 && pc.fixed_cost == 0) continue;
        const bool over = pc.budget && pc.total() > *pc.budget;
        out << fmt::format("{:<24} {:>8.0f} {:>12} {:>10} {:>12} {:>12}{}\n", p.id, pc.booked_hours, money(pc.resource_cost),
                           money(pc.fixed_cost), money(pc.total()), pc.budget ? money(*pc.budget) : "-",
                           over ? "  over budget" : "");
    }
}

void render_resources_markdown(std::ostream& out, const ResourceView& v) {
    const auto& pf = v.portfolio;
    const auto& rep = v.report;
    out << fmt::format("## Resource load, {} to {} ({}ly)\n\n", rep.from.iso(), rep.to.iso(),
                       rep.period == Period::week ? "week" : "month");
    out << "Utilisation: booked hours over available hours. **Bold ▲** is over capacity, *italic* is 80% or more, · is idle.\n\n";
    md_period_head(out, rep, {"Resource", "Role"}, {"Booked h", "Available h", "Utilisation", "Cost"});
    for (const ResourceLoad& rl : rep.resources) {
        const Resource& r = pf.resources[static_cast<size_t>(rl.resource)];
        out << "| " << md_escape(r.id) << " | " << md_escape(r.role ? r.role.value : "") << " |";
        for (const PeriodFigures& f : rl.periods) {
            const double u = util(f);
            if (f.booked_hours == 0) out << (f.available_hours > 0 ? " · |" : " – |");
            else if (std::isinf(u)) out << " **away ▲** |";
            else if (u > 1.005) out << fmt::format(" **{:.0f}% ▲** |", u * 100);
            else if (u >= 0.8) out << fmt::format(" *{:.0f}%* |", u * 100);
            else out << fmt::format(" {:.0f}% |", u * 100);
        }
        out << fmt::format(" {:.0f} | {:.0f} | {:.0f}% | {} |\n", rl.booked_hours, rl.available_hours,
                           rl.available_hours > 0 ? 100 * rl.booked_hours / rl.available_hours : 0, money(rl.cost));
    }
    out << "\n### Demand and supply by role\n\n| Role | Booked h | Available h | Utilisation |\n|---|--:|--:|--:|\n";
    for (const RoleLoad& role : rep.roles)
        out << fmt::format("| {} | {:.0f} | {:.0f} | {}{:.0f}%{} |\n", md_escape(role.role), role.booked_hours, role.available_hours,
                           role.booked_hours > role.available_hours ? "**" : "",
                           role.available_hours > 0 ? 100 * role.booked_hours / role.available_hours : 0,
                           role.booked_hours > role.available_hours ? " ▲**" : "");
    bool idle_header = false;
    for (const ResourceLoad& rl : rep.resources) {
        if (rl.available_hours <= 0 || rl.booked_hours >= 0.5 * rl.available_hours) continue;
        if (!idle_header) out << "\n### Idle capacity\n\nUnder 50% booked over the range.\n\n| Resource | Free h | Available h |\n|---|--:|--:|\n";
        idle_header = true;
        out << fmt::format("| {} | {:.0f} | {:.0f} |\n", md_escape(pf.resources[static_cast<size_t>(rl.resource)].id),
                           rl.available_hours - rl.booked_hours, rl.available_hours);
    }
    if (!v.plan.overallocations.empty()) {
        out << "\n### Over-allocations\n\n| Resource | From | To | Peak | Capacity | Tasks |\n|---|---|---|--:|--:|---|\n";
        for (const Overallocation& o : v.plan.overallocations) {
            std::vector<std::string> tasks;
            for (auto [p, t] : o.tasks) tasks.push_back(task_name(pf, p, t));
            out << fmt::format("| {} | {} | {} | {:g}% | {:g}% | {} |\n", pf.resources[static_cast<size_t>(o.resource)].id,
                               o.from.iso(), o.to.iso(), o.peak_units * 100, o.capacity * 100,
                               md_escape(fmt::format("{}", fmt::join(tasks, ", "))));
        }
    }
    if (!rep.skill_gaps.empty() || !rep.missing_skills.empty()) {
        out << "\n### Skills\n\n";
        for (const SkillGap& g : rep.skill_gaps)
            out << fmt::format("- `{}` needs **{}**: none of its assignees has it{}\n", task_name(pf, g.project, g.task),
                               md_escape(g.skill), g.in_pool ? "" : ", nor anyone in the pool");
        for (const std::string& s : rep.missing_skills) out << fmt::format("- nobody in the pool has **{}**\n", md_escape(s));
    }
    out << "\n### Hours by project\n\n";
    md_period_head(out, rep, {"Project"}, {});
    for (const ProjectCost& pc : rep.projects) {
        if (pc.booked_hours == 0) continue;
        out << "| " << md_escape(pf.projects[static_cast<size_t>(pc.project)].id) << " |";
        for (double h : pc.hours) out << (h > 0 ? fmt::format(" {:.0f} |", h) : std::string(" |"));
        out << '\n';
    }
    out << "\n### Cost by project\n\n| Project | Hours | Resources | Fixed | Total | Budget | |\n|---|--:|--:|--:|--:|--:|---|\n";
    for (const ProjectCost& pc : rep.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pc.project)];
        if (pc.booked_hours == 0 && pc.fixed_cost == 0) continue;
        const bool over = pc.budget && pc.total() > *pc.budget;
        out << fmt::format("| {} | {:.0f} | {} | {} | {} | {} | {} |\n", md_escape(p.id), pc.booked_hours, money(pc.resource_cost),
                           money(pc.fixed_cost), money(pc.total()), pc.budget ? money(*pc.budget) : "–",
                           over ? "**over budget**" : "");
    }
}

void render_resources_csv(std::ostream& out, const ResourceView& v) {
    out << "resource,role,period_start,booked_hours,available_hours,utilisation,cost\r\n";
    for (const ResourceLoad& rl : v.report.resources) {
        const Resource& r = v.portfolio.resources[static_cast<size_t>(rl.resource)];
        const std::string role = csv_field(r.role ? r.role.value : "");
        for (size_t k = 0; k < rl.periods.size(); ++k) {
            const PeriodFigures& f = rl.periods[k];
            const double u = util(f);
            out << fmt::format("{},{},{},{:g},{:g},{},{:.2f}\r\n", r.id, role, v.report.starts[k].iso(), f.booked_hours,
                               f.available_hours, std::isinf(u) ? std::string() : fmt::format("{:.3f}", u), f.cost);
        }
    }
}

void render_resources_json(std::ostream& out, const ResourceView& v) {
    const auto& pf = v.portfolio;
    const auto& rep = v.report;
    JsonWriter w(out);
    w.begin_object();
    w.field("period", rep.period == Period::week ? "week" : "month");
    w.field("from", rep.from.iso()).field("to", rep.to.iso());
    w.field("currency", pf.config.currency);
    w.key("resources").begin_array();
    for (const ResourceLoad& rl : rep.resources) {
        const Resource& r = pf.resources[static_cast<size_t>(rl.resource)];
        w.begin_object();
        w.field("id", r.id).field("name", r.name ? r.name.value : r.id).field("role", r.role ? r.role.value : "");
        w.field("booked_hours", rl.booked_hours).field("available_hours", rl.available_hours);
        w.field("utilisation", rl.available_hours > 0 ? rl.booked_hours / rl.available_hours : 0.0);
        w.field("cost", rl.cost);
        w.key("periods").begin_array();
        for (size_t k = 0; k < rl.periods.size(); ++k) {
            w.begin_object();
            w.field("start", rep.starts[k].iso());
            w.field("booked_hours", rl.periods[k].booked_hours).field("available_hours", rl.periods[k].available_hours);
            w.field("cost", rl.periods[k].cost);
            w.end_object();
        }
        w.end_array();
        w.key("overallocations").begin_array();
        for (const Overallocation& o : v.plan.overallocations) {
            if (o.resource != rl.resource) continue;
            w.begin_object();
            w.field("from", o.from.iso()).field("to", o.to.iso()).field("peak_units", o.peak_units).field("capacity", o.capacity);
            w.key("tasks").begin_array();
            for (auto [p, t] : o.tasks) w.value(task_name(pf, p, t));
            w.end_array();
            w.key("projects").begin_array();
            std::vector<std::string> seen;
            for (auto [p, t] : o.tasks) {
                const std::string& id = pf.projects[static_cast<size_t>(p)].id;
                if (std::find(seen.begin(), seen.end(), id) == seen.end()) seen.push_back(id);
            }
            for (const auto& id : seen) w.value(id);
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("roles").begin_array();
    for (const RoleLoad& role : rep.roles) {
        w.begin_object();
        w.field("role", role.role).field("booked_hours", role.booked_hours).field("available_hours", role.available_hours);
        w.key("periods").begin_array();
        for (size_t k = 0; k < role.periods.size(); ++k)
            w.begin_object()
                .field("start", rep.starts[k].iso())
                .field("booked_hours", role.periods[k].booked_hours)
                .field("available_hours", role.periods[k].available_hours)
                .end_object();
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("projects").begin_array();
    for (const ProjectCost& pc : rep.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pc.project)];
        w.begin_object();
        w.field("id", p.id).field("booked_hours", pc.booked_hours).field("resource_cost", pc.resource_cost);
        w.field("fixed_cost", pc.fixed_cost).field("total_cost", pc.total());
        w.field_or_null("budget", pc.budget);
        w.field("over_budget", pc.budget && pc.total() > *pc.budget);
        w.key("spend").begin_array();
        double cum = 0;
        for (size_t k = 0; k < pc.spend.size(); ++k) {
            cum += pc.spend[k];
            w.begin_object()
                .field("start", rep.starts[k].iso())
                .field("booked_hours", pc.hours[k])
                .field("cost", pc.spend[k])
                .field("cumulative", cum)
                .end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("skills").begin_object();
    w.key("gaps").begin_array();
    for (const SkillGap& g : rep.skill_gaps)
        w.begin_object().field("task", task_name(pf, g.project, g.task)).field("skill", g.skill).field("in_pool", g.in_pool).end_object();
    w.end_array();
    w.key("missing").begin_array();
    for (const auto& s : rep.missing_skills) w.value(s);
    w.end_array();
    w.end_object();
    w.end_object();
    w.finish();
}

void render_resources_svg(std::ostream& out, const ResourceView& v) { render_resource_heatmap_svg(out, v); }

void render_resource_heatmap_svg(std::ostream& out, const ResourceView& v, const std::vector<int32_t>& people, Date from,
                                 Date to) {
    const auto& pf = v.portfolio;
    const auto& rep = v.report;
    std::vector<const ResourceLoad*> rows;
    for (const ResourceLoad& rl : rep.resources)
        if (people.empty() || std::find(people.begin(), people.end(), rl.resource) != people.end()) rows.push_back(&rl);
    // The periods shown: those overlapping [from, to].
    size_t k0 = 0, k1 = rep.starts.size();
    while (k0 < k1 && (k0 + 1 < rep.starts.size() ? rep.starts[k0 + 1] - 1 : rep.to) < from) ++k0;
    while (k1 > k0 && rep.starts[k1 - 1] > to) --k1;
    const bool dense = rows.size() > 300, months = rep.period == Period::month, many = k1 - k0 > 60;
    const double fs = dense ? 7 : 11;
    // Months: every column named, by three letters (one when there are more than 60), and the
    // year over its first month and each January; columns as wide as the names.
    static constexpr const char* kMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto month_name = [&](Date d) { return std::string(kMonth[d.month() - 1]).substr(0, many ? 1 : 3); };
    double cw = many ? 10 : 22;
    if (months)
        for (const char* m : kMonth) cw = std::max(cw, svg::text_width(std::string(m).substr(0, many ? 1 : 3), fs) + (many ? 2 : 6));
    const double ch = dense ? 9 : 18;
    // The last period is partial when the range ends before it does (a plan's last day, --to):
    // its capacity is not a whole period's, so it is hatched and the legend says so.
    const bool last_partial = !rep.starts.empty() && rep.to < next_period(rep.starts.back(), rep.period) - 1;
    // The classes of the legend, and nothing in between: a cell is in exactly one of them.
    struct Class {
        const char* colour;
        const char* label;
    };
    static constexpr Class kClasses[] = {{"#ffffff", "no working hours"},
                                         {"#e6e9ee", "idle"},
                                         {"#78c878", "booked under 80%"},
                                         {"#f0a028", "80-100%: near capacity"},
                                         {"#d9534f", "over capacity, or booked while away"}};
    auto class_of = [](const PeriodFigures& f) -> size_t {
        const double u = util(f);
        if (f.booked_hours == 0) return f.available_hours > 0 ? 1 : 0;
        if (std::isinf(u) || u > 1.005) return 4;
        return u >= 0.8 ? 3 : 2;
    };
    svg::Canvas c(fs);
    std::vector<std::string> labels;
    double left = 60;
    for (const ResourceLoad* rl : rows) {
        const Resource& res = pf.resources[static_cast<size_t>(rl->resource)];
        labels.push_back(svg::fit(res.id + (res.role ? " (" + res.role.value + ")" : ""), 260, fs));
        left = std::max(left, svg::text_width(labels.back(), fs) + 12);
    }
    const double top = 8 + fs * (months ? 2.8 : 1.4);
    if (months) {
        double year_end = -1e9;
        for (size_t k = k0; k < k1; ++k) {
            const double x = left + static_cast<double>(k - k0) * cw;
            c.text(x + cw / 2, top - 6, month_name(rep.starts[k]), "fill=\"#555\"", svg::Anchor::middle);
            const std::string year = std::to_string(rep.starts[k].year());
            if ((k == k0 || rep.starts[k].month() == 1) && x >= year_end + 6)
                year_end = x + c.text(x + 1, top - 6 - fs * 1.4, year, "fill=\"#333\"", svg::Anchor::start, 0, true);
        }
    } else {
        // Weeks on as many columns as their dates fit over.
        const double label_room =
            svg::text_width(period_label(rep.starts.empty() ? Date{} : rep.starts[0], rep.period, false), fs) + 8;
        const size_t every = static_cast<size_t>(std::max(1.0, std::ceil(label_room / cw)));
        for (size_t k = k0; k < k1; k += every)
            c.text(left + static_cast<double>(k - k0) * cw, top - 6, period_label(rep.starts[k], rep.period, false), "fill=\"#555\"");
    }
    const size_t partial = last_partial ? rep.starts.size() - 1 : SIZE_MAX;
    bool any_partial = false;
    std::vector<bool> used(std::size(kClasses), false);
    for (size_t r = 0; r < rows.size(); ++r) {
        const ResourceLoad& rl = *rows[r];
        const Resource& res = pf.resources[static_cast<size_t>(rl.resource)];
        const double y = top + static_cast<double>(r) * ch;
        c.text(4, y + ch / 2 + svg::ascent(fs) / 2, labels[r], "fill=\"#222\"", svg::Anchor::start, 0, false,
               pf.person(res.id));
        for (size_t k = k0; k < std::min(k1, rl.periods.size()); ++k) {
            const PeriodFigures& f = rl.periods[k];
            const double u = util(f);
            const size_t cls = class_of(f);
            used[cls] = true;
            const double x = left + static_cast<double>(k - k0) * cw;
            c.rect(x, y, cw, ch, fmt::format("fill=\"{}\" stroke=\"#fff\"", kClasses[cls].colour),
                   fmt::format("{} {}: {:.0f} of {:.0f} h{}{}", res.id, period_label(rep.starts[k], rep.period, false),
                               f.booked_hours, f.available_hours, std::isinf(u) ? " (away)" : fmt::format(" ({:.0f}%)", u * 100),
                               k == partial ? fmt::format(", partial: {} .. {}", rep.starts[k].iso(), rep.to.iso()) : ""));
            if (k == partial) {
                svg::hatch(c, x, y, cw, ch);
                any_partial = true;
            }
        }
    }
    const double grid_right = left + static_cast<double>(k1 - k0) * cw;
    c.cover(0, 0, grid_right, top + static_cast<double>(rows.size()) * ch);
    std::vector<svg::LegendItem> legend;
    for (size_t k = 0; k < std::size(kClasses); ++k)
        if (used[k] || k > 0) legend.push_back({svg::LegendItem::Mark::swatch, kClasses[k].colour, kClasses[k].label});
    if (any_partial)
        legend.push_back({svg::LegendItem::Mark::hatched, "#ffffff",
                          fmt::format("partial {}: counted {} .. {} only", months ? "month" : "week", rep.starts.back().iso(),
                                      rep.to.iso())});
    c.legend(4, top + static_cast<double>(rows.size()) * ch + 12, std::max(grid_right, 420.0), legend);
    c.write(out, "pmo-load", pf.config.name + " resource load", "");
}

}  // namespace pmo
