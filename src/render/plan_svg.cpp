#include <pmo/render/charts.hpp>
#include <pmo/render/svg.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <sstream>

namespace pmo {
namespace {

constexpr const char* kBar = "#4a7fc1", *kCrit = "#d9534f", *kDone = "#9aa5b1", *kSum = "#333333",
                      *kBaseline = "#555555", *kStatus = "#2e8b57", *kArrow = "#888888", *kWeekend = "#f1f3f6";

}  // namespace

std::vector<size_t> main_tasks(const Project& p, const std::vector<TaskPlan>& tp, size_t max_rows, size_t& hidden) {
    std::vector<size_t> rows, keep;
    for (size_t i = 0; i < p.tasks.size(); ++i)
        if (p.tasks[i].depth == 0 || p.tasks[i].is_milestone()) rows.push_back(i);
    hidden = 0;
    if (rows.size() <= max_rows) return rows;
    for (size_t i : rows)
        if (p.tasks[i].is_milestone() || tp[i].critical) keep.push_back(i);
    keep.resize(std::min(keep.size(), max_rows));
    for (size_t i : rows)
        if (keep.size() < max_rows && std::find(keep.begin(), keep.end(), i) == keep.end()) keep.push_back(i);
    std::sort(keep.begin(), keep.end());
    hidden = rows.size() - keep.size();
    return keep;
}

void render_gantt_svg(std::ostream& out, const PlanView& v, const GanttOptions& o) {
    // One row per task (projects as headers), one column per calendar day, scaled to stay
    // readable from a few tasks to a thousand.
    struct Row {
        int32_t project, task;  // task -1: the project's header
    };
    std::vector<Row> rows;
    std::vector<size_t> hidden_of;
    Date first{INT32_MAX}, last{INT32_MIN};
    auto cover = [&](Date a, Date b) {
        first = std::min(first, a);
        last = std::max(last, b);
    };
    const BaselineComparison* base = o.baseline;
    for (int32_t pi : v.projects) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(pi)];
        const auto& tp = v.plan.tasks[static_cast<size_t>(pi)];
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        if (o.project_headers) rows.push_back({pi, -1});
        cover(pp.start, pp.finish);
        cover(pp.status_date, pp.status_date);
        if (p.deadline) cover(p.deadline.value, p.deadline.value);
        size_t hidden = 0;
        std::vector<size_t> shown;
        if (o.main_tasks) shown = main_tasks(p, tp, o.max_rows, hidden);
        else
            for (size_t i = 0; i < p.tasks.size(); ++i) shown.push_back(i);
        for (size_t i : shown) {
            rows.push_back({pi, static_cast<int32_t>(i)});
            cover(tp[i].start, tp[i].finish);
            if (base && static_cast<size_t>(pi) < base->tasks.size() && i < base->tasks[static_cast<size_t>(pi)].size())
                if (const auto& b = base->tasks[static_cast<size_t>(pi)][i]) cover(b->start, b->finish);
        }
        hidden_of.push_back(hidden);
    }
    if (rows.empty()) first = last = v.plan.projects.empty() ? Date::from_ymd(2000, 1, 3) : v.plan.projects[0].start;
    first = first - first.weekday();  // weeks start on Monday
    const int32_t days = (last - first) + 8;
    const double day_w = std::clamp(o.width / days, 1.5, 24.0);
    const bool dense = rows.size() > 400;
    const double row_h = dense ? 14 : 20, fs = dense ? 10 : 12;
    svg::Canvas c(fs);

    // The label column is as wide as the longest label, within bounds.
    auto label_of = [&](const Row& r) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(r.project)];
        if (r.task < 0) return p.name ? p.name.value : p.id;
        const Task& t = p.tasks[static_cast<size_t>(r.task)];
        return t.name ? t.name.value : t.id;
    };
    auto indent_of = [&](const Row& r) {
        if (r.task < 0) return 4.0;
        const Task& t = v.portfolio.projects[static_cast<size_t>(r.project)].tasks[static_cast<size_t>(r.task)];
        return 10.0 + (o.main_tasks ? 0 : 10.0 * std::min(t.depth, 8));
    };
    double label_w = 120;
    for (const Row& r : rows)
        label_w = std::max(label_w, indent_of(r) + svg::text_width(label_of(r), fs, r.task < 0) + 12);
    label_w = std::min(label_w, 340.0);
    const double top = 30;
    const double chart_w = days * day_w;
    const double chart_bottom = top + static_cast<double>(rows.size()) * row_h;
    auto x_of = [&](Date d) { return label_w + (d - first) * day_w; };
    std::map<std::pair<int32_t, int32_t>, size_t> row_of;
    for (size_t r = 0; r < rows.size(); ++r) row_of[{rows[r].project, rows[r].task}] = r;

    // Weekends shaded when days are wide enough to see; a grid line every week, four weeks or
    // quarter, and a date on as many of them as fit side by side.
    const bool weekends = day_w >= 4;
    // A day is shaded when no shown project works on it: weekends, and the holidays the
    // projects' calendars share (a holiday of one project's calendar only is not everyone's).
    std::vector<const WorkCalendar*> cals;
    for (int32_t pi : v.projects) {
        const WorkCalendar* wc = &v.plan.calendar(static_cast<size_t>(pi));
        if (std::find(cals.begin(), cals.end(), wc) == cals.end()) cals.push_back(wc);
    }
    auto day_off = [&](Date d) {
        if (cals.empty()) return d.weekday() >= 5;
        return std::none_of(cals.begin(), cals.end(), [&](const WorkCalendar* wc) { return wc->is_working(d); });
    };
    bool any_off = false, any_holiday = false;
    const int step = day_w >= 6 ? 7 : day_w >= 2 ? 28 : 91;
    const double label_room = svg::text_width("2027-01-04", fs) + 10;
    const int label_every = std::max(1, static_cast<int>(std::ceil(label_room / (step * day_w))));
    for (int32_t d = 0; d < days; ++d) {
        const Date day = first + d;
        if (weekends && day_off(day)) {
            c.rect(x_of(day), top, day_w, chart_bottom - top, fmt::format("fill=\"{}\"", kWeekend));
            any_off = true;
            any_holiday = any_holiday || day.weekday() < 5;
        }
        if (d % step == 0) {
            c.line(x_of(day), top - 6, x_of(day), chart_bottom, "stroke=\"#e3e6ea\"");
            if ((d / step) % label_every == 0) c.text(x_of(day) + 2, top - 10, day.iso(), "fill=\"#555\"");
        }
    }
    c.cover(0, 0, label_w + chart_w, chart_bottom);
    // Dependency arrows under the bars: predecessor's end to successor's start.
    for (const Row& r : rows) {
        if (r.task < 0) continue;
        const Task& t = v.portfolio.projects[static_cast<size_t>(r.project)].tasks[static_cast<size_t>(r.task)];
        const TaskPlan& x = v.plan.tasks[static_cast<size_t>(r.project)][static_cast<size_t>(r.task)];
        for (const Dependency& d : t.depends) {
            auto it = row_of.find({d.project, d.task});
            if (d.task < 0 || it == row_of.end()) continue;
            const TaskPlan& px = v.plan.tasks[static_cast<size_t>(d.project)][static_cast<size_t>(d.task)];
            const bool from_start = d.type == DepType::SS || d.type == DepType::SF;
            const bool to_finish = d.type == DepType::FF || d.type == DepType::SF;
            const double x1 = from_start ? x_of(px.start) : x_of(px.finish + 1);
            const double y1 = top + static_cast<double>(it->second) * row_h + row_h / 2.0;
            const double x2 = to_finish ? x_of(x.finish + 1) : x_of(x.start);
            const double y2 = top + static_cast<double>(row_of[{r.project, r.task}]) * row_h + row_h / 2.0;
            const double mid = std::max(x1 + 4, x2 - 6);
            c.element(fmt::format("<path d=\"M{:.1f},{:.1f} H{:.1f} V{:.1f} H{:.1f}\" stroke=\"{}\" fill=\"none\"/>"
                                  "<path d=\"M{:.1f},{:.1f} l-5,-3 v6 z\" fill=\"{}\"/>",
                                  x1, y1, mid, y2, x2 - 1, kArrow, x2 - 0.5, y2, kArrow),
                      std::min(x1, x2 - 6), std::min(y1, y2), std::max(mid, x2), std::max(y1, y2));
        }
    }
    bool any_baseline = false, any_baseline_ms = false, any_crit = false, any_done = false, any_summary = false, any_ms = false,
         any_crit_ms = false, any_deadline = false, any_missed = false, any_arrow = false;
    for (const Row& r : rows)
        if (r.task >= 0)
            for (const Dependency& d : v.portfolio.projects[static_cast<size_t>(r.project)].tasks[static_cast<size_t>(r.task)].depends)
                if (d.task >= 0 && row_of.count({d.project, d.task})) any_arrow = true;
    const double bar_top = base ? 3 : 4, bar_h = row_h - (base ? 10 : 8);
    for (size_t ri = 0; ri < rows.size(); ++ri) {
        const Row& r = rows[ri];
        const Project& p = v.portfolio.projects[static_cast<size_t>(r.project)];
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(r.project)];
        const double y = top + static_cast<double>(ri) * row_h;
        const double text_y = y + row_h / 2 + svg::ascent(fs) / 2;
        const std::string label = svg::fit(label_of(r), label_w - indent_of(r) - 8, fs, r.task < 0);
        if (r.task < 0) {
            c.text(indent_of(r), text_y, label, "fill=\"#222\"", svg::Anchor::start, 0, true, label_of(r));
            if (p.deadline) {
                any_deadline = true;
                any_missed |= pp.deadline_slip.has_value();
                const double dx = x_of(p.deadline.value + 1);
                c.element(fmt::format("<path d=\"M{:.1f},{:.1f} l4,-{} l4,{} z\" fill=\"{}\"><title>deadline {}</title></path>",
                                      dx - 4, y + row_h - 3, row_h - 8, row_h - 8, pp.deadline_slip ? kCrit : kSum,
                                      p.deadline->iso()),
                          dx - 4, y + 5, dx + 4, y + row_h - 3);
            }
            continue;
        }
        const Task& t = p.tasks[static_cast<size_t>(r.task)];
        const TaskPlan& x = v.plan.tasks[static_cast<size_t>(r.project)][static_cast<size_t>(r.task)];
        c.text(indent_of(r), text_y, label, "fill=\"#222\"", svg::Anchor::start, 0, false,
               label == label_of(r) ? std::string_view{} : std::string_view{label_of(r)});
        const std::string tip = fmt::format("{}/{}: {} .. {}, float {}d{}", p.id, t.id, x.start.iso(), x.finish.iso(),
                                            x.total_float, x.critical ? ", critical" : "");
        const bool milestone = !t.is_summary() && x.f == x.s;
        const double x0 = x_of(x.start), x1 = x_of(x.finish + 1);
        // The baseline: a thin dark bar (a hollow diamond for a milestone) under the current one.
        if (base && static_cast<size_t>(r.project) < base->tasks.size() &&
            static_cast<size_t>(r.task) < base->tasks[static_cast<size_t>(r.project)].size())
            if (const auto& b = base->tasks[static_cast<size_t>(r.project)][static_cast<size_t>(r.task)]) {
                const std::string btip = fmt::format("baseline {} .. {}, slip {:+}d", b->start.iso(), b->finish.iso(), b->slip);
                if (milestone) {
                    any_baseline_ms = true;
                    const double cx = x_of(b->start + 1), cy = y + row_h - 4;
                    c.element(fmt::format("<path d=\"M{:.1f},{:.1f} l3,3 l-3,3 l-3,-3 z\" fill=\"white\" stroke=\"{}\"><title>{}</title></path>",
                                          cx, cy - 3, kBaseline, svg::esc(btip)),
                              cx - 3, cy - 3, cx + 3, cy + 3);
                } else {
                    any_baseline = true;
                    const double bx0 = x_of(b->start), bx1 = x_of(b->finish + 1);
                    c.rect(bx0, y + row_h - 5, std::max(1.0, bx1 - bx0), 3, fmt::format("fill=\"{}\"", kBaseline), btip);
                }
            }
        if (milestone) {
            any_ms = true;
            any_crit_ms |= x.critical;
            const double cx = x_of(x.start + 1), cy = y + bar_top + bar_h / 2, h = std::min(row_h / 2.0 - 3, bar_h / 2 + 2);
            c.element(fmt::format("<path d=\"M{:.1f},{:.1f} l{:.1f},{:.1f} l-{:.1f},{:.1f} l-{:.1f},-{:.1f} z\" fill=\"{}\"><title>{}</title></path>",
                                  cx, cy - h, h, h, h, h, h, h, x.critical ? kCrit : kSum, svg::esc(tip)),
                      cx - h, cy - h, cx + h, cy + h);
        } else if (t.is_summary()) {
            any_summary = true;
            // A bracket: a bar with hooks at both ends, its thickness scaled to the row.
            const double top_y = y + bar_top, mid = y + bar_top + bar_h / 2 + 1, bottom = y + bar_top + bar_h;
            const double hook = std::min(4.0, std::max(1.0, (x1 - x0) / 3));
            c.element(fmt::format("<path d=\"M{:.1f},{:.1f} H{:.1f} V{:.1f} L{:.1f},{:.1f} H{:.1f} L{:.1f},{:.1f} Z\" fill=\"{}\"><title>{}</title></path>",
                                  x0, top_y, x1, bottom, x1 - hook, mid, x0 + hook, x0, bottom, kSum, svg::esc(tip)),
                      x0, top_y, x1, bottom);
        } else {
            any_done |= x.done || x.percent > 0;
            any_crit |= x.critical && !x.done;
            const char* fill = x.done ? kDone : x.critical ? kCrit : kBar;
            c.rect(x0, y + bar_top, std::max(1.0, x1 - x0), bar_h, fmt::format("fill=\"{}\" rx=\"2\"", fill), tip);
            if (x.percent > 0 && !x.done)
                c.rect(x0, y + bar_top + bar_h / 2 - 2, std::max(1.0, (x1 - x0) * x.percent / 100.0), 4,
                       fmt::format("fill=\"{}\"", kDone));
        }
    }
    // The status date of each project, over its rows.
    size_t ri = 0;
    for (size_t k = 0; k < v.projects.size(); ++k) {
        const int32_t pi = v.projects[k];
        size_t n = 0;
        while (ri + n < rows.size() && rows[ri + n].project == pi) ++n;
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        const double sx = x_of(pp.status_date);
        c.line(sx, top + static_cast<double>(ri) * row_h, sx, top + static_cast<double>(ri + n) * row_h,
               fmt::format("stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"", kStatus),
               "status date " + pp.status_date.iso());
        ri += n;
    }
    using M = svg::LegendItem::Mark;
    std::vector<svg::LegendItem> legend = {{M::swatch, kBar, "task"}};
    if (any_crit) legend.push_back({M::swatch, kCrit, "critical task"});
    if (any_done) legend.push_back({M::swatch, kDone, "done (a grey stripe: the part done)"});
    if (any_summary) legend.push_back({M::bracket, kSum, "summary"});
    if (any_ms) legend.push_back({M::diamond, kSum, "milestone"});
    if (any_crit_ms) legend.push_back({M::diamond, kCrit, "critical milestone"});
    if (any_deadline) legend.push_back({M::triangle, kSum, "deadline"});
    if (any_missed) legend.push_back({M::triangle, kCrit, "deadline missed"});
    if (any_baseline) legend.push_back({M::baseline, kBaseline, "baseline dates"});
    if (any_baseline_ms) legend.push_back({M::hollow_diamond, kBaseline, "baseline milestone date"});
    if (any_arrow) legend.push_back({M::arrow, kArrow, "dependency"});
    legend.push_back({M::dashed, kStatus, "status date"});
    if (any_off) legend.push_back({M::swatch, kWeekend, any_holiday ? "non-working day (weekend, holiday)" : "weekend"});
    double ly = chart_bottom + 12;
    size_t hidden = 0;
    for (size_t h : hidden_of) hidden += h;
    if (hidden > 0) {
        c.text(4, ly + svg::ascent(fs), fmt::format("{} more top-level task{} not shown", hidden, hidden == 1 ? "" : "s"),
               "fill=\"#555\"");
        ly += fs * 1.6;
    }
    c.legend(4, ly, std::max(480.0, label_w + chart_w - 4), legend);
    std::string title = v.portfolio.config.name + " plan";
    if (v.projects.size() == 1) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(v.projects[0])];
        title = (p.name ? p.name.value : p.id) + ": main tasks";
    }
    c.write(out, "pmo-gantt", title, "");
}

void render_plan_svg(std::ostream& out, const PlanView& v) {
    GanttOptions o;
    o.baseline = v.baseline;
    render_gantt_svg(out, v, o);
}

}  // namespace pmo
