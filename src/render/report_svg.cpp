#include <pmo/render/charts.hpp>
#include <pmo/render/svg.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace pmo {
namespace {

using M = svg::LegendItem::Mark;

constexpr const char* kRagFill[] = {"#eef0f3", "#8fd19e", "#ffc46b", "#f28b82"};  // none, green, amber, red
constexpr const char* kRagWord[] = {"—", "green", "amber", "red"};

Rag pm_rag(const Project& p) {
    if (!p.status_rag) return Rag::none;
    const std::string& s = p.status_rag.value;
    return s == "green" ? Rag::green : s == "amber" ? Rag::amber : s == "red" ? Rag::red : Rag::none;
}

std::string name_of(const Project& p) { return p.name ? p.name.value : p.id; }

}  // namespace

void render_scurve_svg(std::ostream& out, const Portfolio& pf, const ProjectStatus& st, const std::vector<EvPoint>& history) {
    const Project& p = pf.projects[static_cast<size_t>(st.project)];
    const EarnedValue& ev = st.ev;
    svg::Canvas c(11);
    // Room for the value axis' labels, and for half a date under the axis' start.
    const double left = std::max(12 + svg::text_width(money(std::max(ev.bac, ev.ac.value_or(0)) * 10), 11),
                                 svg::text_width("2027-01-01", 11) / 2 + 8),
                 top = 14, plot_w = 620,
                 plot_h = 220;
    const double right = left + plot_w, bottom = top + plot_h;
    // The points EV and AC are drawn through: the trend's past statuses, then today.
    std::vector<EvPoint> pts;
    for (const EvPoint& h : history)
        if (h.date < st.status_date) pts.push_back(h);
    pts.push_back({st.status_date, ev.pv, ev.ev, ev.ac});
    Date lo = st.status_date, hi = st.status_date;
    for (const auto& [d, v] : ev.pv_curve) {
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    for (const EvPoint& e : pts) lo = std::min(lo, e.date);
    hi = std::max({hi, st.forecast_finish, lo + 14});
    double top_value = std::max(ev.bac, 1e-9);
    for (const EvPoint& e : pts) top_value = std::max({top_value, e.ev, e.ac.value_or(0)});
    top_value *= 1.05;
    auto x_of = [&](Date d) { return left + (d - lo) * plot_w / std::max(1, hi - lo); };
    auto y_of = [&](double v) { return bottom - v / top_value * plot_h; };
    // Value axis: five steps, in money or planned working days.
    for (int k = 0; k <= 4; ++k) {
        const double v = ev.bac * k / 4, y = y_of(v);
        c.line(left, y, right, y, "stroke=\"#eef0f3\"");
        c.text(left - 6, y + svg::ascent(11) / 2, ev.money ? money(v) : fmt::format("{:.0f} d", v), "fill=\"#555\"",
               svg::Anchor::end);
    }
    svg::date_axis(c, lo, hi, left, right, bottom + 6 + svg::ascent(11), top, bottom);
    c.line(left, bottom, right, bottom, "stroke=\"#333\"");
    c.line(left, top, left, bottom, "stroke=\"#333\"");
    c.line(left, y_of(ev.bac), right, y_of(ev.bac), "stroke=\"#777\" stroke-dasharray=\"6 3\"",
           fmt::format("budget at completion {}", ev.money ? money(ev.bac) : fmt::format("{:.0f} d", ev.bac)));
    std::string path;
    for (const auto& [d, v] : ev.pv_curve) path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x_of(d), y_of(v));
    if (!path.empty())
        c.element("<path d=\"" + path + "\" fill=\"none\" stroke=\"#4a7fc1\" stroke-width=\"2\"/>", left, top, right, bottom);
    auto series = [&](auto value, const char* colour, const char* what) {
        std::string d;
        for (const EvPoint& e : pts)
            if (auto v = value(e)) d += fmt::format("{}{:.1f},{:.1f}", d.empty() ? "M" : " L", x_of(e.date), y_of(*v));
        if (pts.size() > 1 && !d.empty())
            c.element(fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", d, colour), left, top, right,
                      bottom);
        for (const EvPoint& e : pts)
            if (auto v = value(e))
                c.element(fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>{} {}: {}</title></circle>",
                                      x_of(e.date), y_of(*v), colour, what, e.date.iso(),
                                      ev.money ? money(*v) : fmt::format("{:.1f} d", *v)),
                          x_of(e.date) - 4, y_of(*v) - 4, x_of(e.date) + 4, y_of(*v) + 4);
    };
    series([](const EvPoint& e) { return std::optional<double>(e.ev); }, "#2e8b57", "EV");
    series([](const EvPoint& e) { return e.ac; }, "#d9822b", "AC");
    const double sx = x_of(st.status_date);
    c.line(sx, top, sx, bottom, "stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"", "status date " + st.status_date.iso());
    auto amount = [&](double v) { return ev.money ? money(v) + " " + pf.config.currency : fmt::format("{:.1f} working days", v); };
    // The legend shows each series as the chart draws it: a point per status, joined by a line
    // when the trend gives more than one; AC unreported is said in words, as nothing is drawn.
    const M point = pts.size() > 1 ? M::line_point : M::point;
    std::vector<svg::LegendItem> legend;
    if (!ev.pv_curve.empty()) legend.push_back({M::line, "#4a7fc1", "planned value (PV), " + amount(ev.pv) + " by the status date"});
    legend.push_back({point, "#2e8b57", "earned value (EV), " + amount(ev.ev)});
    const bool any_ac = std::any_of(pts.begin(), pts.end(), [](const EvPoint& e) { return e.ac.has_value(); });
    if (ev.ac) legend.push_back({point, "#d9822b", "actual cost (AC), " + amount(*ev.ac)});
    else if (any_ac) legend.push_back({point, "#d9822b", "actual cost (AC): reported before, not now"});
    else legend.push_back({M::none, "#d9822b", "actual cost: not reported"});
    legend.push_back({M::dashed, "#555", "status date " + st.status_date.iso()});
    legend.push_back({M::dashed_across, "#777", "budget at completion (BAC): " + amount(ev.bac)});
    c.legend(4, bottom + 12 + 11 * 1.4, plot_w + left, legend);
    c.write(out, "pmo-scurve", name_of(p) + ": planned value, earned value and actual cost", "");
}

void render_rag_matrix_svg(std::ostream& out, const Portfolio& pf, const PortfolioStatus& s) {
    svg::Canvas c(11);
    const char* heads[] = {"Overall", "Schedule", "Cost", "Risk", "Resources", "PM's RAG"};
    double name_w = svg::text_width("Project", 11, true);
    std::vector<std::string> names;
    for (const ProjectStatus& st : s.projects) {
        names.push_back(svg::fit(name_of(pf.projects[static_cast<size_t>(st.project)]), 300, 11));
        name_w = std::max(name_w, svg::text_width(names.back(), 11));
    }
    const double col = std::max(svg::text_width("Resources", 11, true), svg::text_width("PM's RAG", 11, true)) + 16,
                 row = 22, x0 = 8 + name_w + 12, top = 8 + 16;
    c.text(8, top - 8, "Project", "fill=\"#222\"", svg::Anchor::start, 0, true);
    for (int k = 0; k < 6; ++k) c.text(x0 + (k + 0.5) * col, top - 8, heads[k], "fill=\"#222\"", svg::Anchor::middle, 0, true);
    bool used[4] = {false, false, false, false};
    for (size_t i = 0; i < s.projects.size(); ++i) {
        const ProjectStatus& st = s.projects[i];
        const Project& p = pf.projects[static_cast<size_t>(st.project)];
        const double y = top + static_cast<double>(i) * row;
        c.element(fmt::format("<a href=\"#{}\">", svg::esc(p.id)), 8, y, 8, y);
        c.text(8, y + row / 2 + svg::ascent(11) / 2, names[i], "fill=\"#1f4e8c\"", svg::Anchor::start, 0, false, name_of(p));
        c.element("</a>", 8, y, 8, y);
        const Rag cells[] = {st.overall, st.schedule.rag, st.cost.rag, st.risk.rag, st.resources.rag, pm_rag(p)};
        const RagDimension* dims[] = {nullptr, &st.schedule, &st.cost, &st.risk, &st.resources, nullptr};
        for (int k = 0; k < 6; ++k) {
            const int r = static_cast<int>(cells[k]);
            used[r] = true;
            std::string tip = fmt::format("{} {}: {}", p.id, heads[k], kRagWord[r]);
            if (dims[k] && !dims[k]->reasons.empty()) tip += " (" + dims[k]->reasons.front() + ")";
            c.rect(x0 + k * col, y, col, row, fmt::format("fill=\"{}\" stroke=\"white\" stroke-width=\"2\"", kRagFill[r]), tip);
            c.text(x0 + (k + 0.5) * col, y + row / 2 + svg::ascent(11) / 2, kRagWord[r], "fill=\"#222\"", svg::Anchor::middle,
                   0, k == 0);
        }
    }
    const double end = top + static_cast<double>(s.projects.size()) * row;
    c.cover(0, 0, x0 + 6 * col, end);
    std::vector<svg::LegendItem> legend;
    const char* meaning[] = {"not rated (nothing to judge by)", "green: on track", "amber: at risk", "red: off track"};
    for (int r : {1, 2, 3, 0})
        if (used[r]) legend.push_back({M::swatch, kRagFill[r], meaning[r]});
    c.legend(8, end + 10, std::max(x0 + 6 * col - 8, 360.0), legend);
    c.write(out, "pmo-rag", pf.config.name + ": RAG by project and dimension", "");
}

void render_milestone_timeline_svg(std::ostream& out, const Portfolio& pf, const PortfolioStatus& s) {
    svg::Canvas c(11);
    Date lo = s.status_date, hi = s.status_date;
    double name_w = 60;
    std::vector<std::string> names;
    for (const ProjectStatus& st : s.projects) {
        for (const MilestoneStatus& m : st.milestones) {
            lo = std::min(lo, m.forecast);
            hi = std::max(hi, m.forecast);
            if (m.baseline) {
                lo = std::min(lo, *m.baseline);
                hi = std::max(hi, *m.baseline);
            }
        }
        names.push_back(svg::fit(name_of(pf.projects[static_cast<size_t>(st.project)]), 260, 11));
        name_w = std::max(name_w, svg::text_width(names.back(), 11));
    }
    lo = lo - 3;
    hi = std::max(hi + 3, lo + 28);
    const double left = 8 + name_w + 14, plot_w = 760, row = 24, top = 8 + 11 * 1.6, right = left + plot_w;
    const double bottom = top + static_cast<double>(s.projects.size()) * row;
    auto x_of = [&](Date d) { return left + (d - lo + 0.5) * plot_w / (hi - lo + 1); };
    svg::date_axis(c, lo, hi, left, right, top - 8, top - 4, bottom);
    const double sx = x_of(s.status_date), kNameSize = 10;
    bool any[4] = {false, false, false, false};  // on track, late, done, baseline
    for (size_t i = 0; i < s.projects.size(); ++i) {
        const ProjectStatus& st = s.projects[i];
        const Project& p = pf.projects[static_cast<size_t>(st.project)];
        const double y = top + static_cast<double>(i) * row, cy = y + row / 2;
        if (i % 2 == 1) c.rect(left, y, plot_w, row, "fill=\"#f6f7f9\"");
        c.text(8, cy + svg::ascent(11) / 2, names[i], "fill=\"#222\"", svg::Anchor::start, 0, false, name_of(p));
        // What the row draws, as spans along it that a milestone's name must keep clear of.
        std::vector<std::pair<double, double>> taken = {{sx - 2, sx + 2}};
        struct Named {
            double x, bx;  // the forecast's diamond and the baseline's (bx = x without one)
            std::string name;
        };
        std::vector<Named> named;
        for (const MilestoneStatus& m : st.milestones) {
            const Task& t = p.tasks[static_cast<size_t>(m.task)];
            const bool late = !m.done && ((m.late && *m.late > 0) || (m.slip && *m.slip > 0));
            const char* fill = m.done ? "#9aa5b1" : late ? "#d9534f" : "#4a7fc1";
            any[m.done ? 2 : late ? 1 : 0] = true;
            const double x = x_of(m.forecast);
            const std::string& mname = t.name ? t.name.value : t.id;
            named.push_back({x, x, mname});
            taken.push_back({x - 7, x + 7});
            if (m.baseline && *m.baseline != m.forecast) {
                any[3] = true;
                const double bx = x_of(*m.baseline);
                named.back().bx = bx;
                taken.push_back({std::min(bx, x) - 5, std::max(bx, x) + 5});
                c.line(std::min(bx, x), cy, std::max(bx, x), cy, "stroke=\"#999\"");
                c.element(fmt::format("<path d=\"M{:.1f},{:.1f} l5,5 l-5,5 l-5,-5 z\" fill=\"white\" stroke=\"#555\"><title>{}: baseline {}</title></path>",
                                      bx, cy - 5, svg::esc(t.name ? t.name.value : t.id), m.baseline->iso()),
                          bx - 5, cy - 5, bx + 5, cy + 5);
            }
            std::string tip = fmt::format("{}: {}{}", t.name ? t.name.value : t.id, m.forecast.iso(), m.done ? " (done)" : "");
            if (m.slip && *m.slip != 0) tip += ", " + signed_working_days(*m.slip) + " against the baseline";
            if (m.late && *m.late > 0) tip += ", " + working_days(*m.late) + " past its deadline";
            c.element(fmt::format("<path d=\"M{:.1f},{:.1f} l7,7 l-7,7 l-7,-7 z\" fill=\"{}\"><title>{}</title></path>", x, cy - 7,
                                  fill, svg::esc(tip)),
                      x - 7, cy - 7, x + 7, cy + 7);
        }
        // Each name beside its diamonds: right of the later one (the forecast, or the baseline's),
        // else left of the earlier one, in the plot and clear of every mark and name of the row
        // (the diamonds, the line joining them, the status date, names placed before). A name
        // too long for either side is cut to the wider room when that holds 60 px; a name with
        // less room is left to the diamond's tooltip.
        std::stable_sort(named.begin(), named.end(), [](const Named& a, const Named& b) { return a.x < b.x; });
        for (const Named& n : named) {
            const double lo_b = std::min(n.x, n.bx), hi_b = std::max(n.x, n.bx);
            // The room right of `from` and left of `to`: up to the nearest span, 3 px apart.
            const double from = hi_b + (hi_b == n.x ? 10 : 8), to = lo_b - (lo_b == n.x ? 10 : 8);
            double room_r = right - 2 - from, room_l = to - (left + 2);
            for (auto [a, b] : taken) {
                if (b + 3 > from && a - 3 < from + room_r) room_r = std::min(room_r, std::max(0.0, a - 3 - from));
                if (a - 3 < to && b + 3 > to - room_l) room_l = std::min(room_l, std::max(0.0, to - (b + 3)));
            }
            const double full = std::min(150.0, svg::text_width(n.name, kNameSize));
            const bool right_side = room_r >= full || (room_l < full && room_r >= room_l);
            const double room = std::min(150.0, right_side ? room_r : room_l);
            if (room < std::min(full, 60.0)) continue;
            const std::string shown = svg::fit(n.name, room, kNameSize);
            const double w = svg::text_width(shown, kNameSize), x0 = right_side ? from : to - w;
            c.text(x0, cy + svg::ascent(kNameSize) / 2, shown, "fill=\"#333\"", svg::Anchor::start, kNameSize, false,
                   shown == n.name ? std::string_view{} : std::string_view{n.name});
            taken.push_back({x0, x0 + w});
        }
    }
    c.line(sx, top - 4, sx, bottom, "stroke=\"#2e8b57\" stroke-width=\"2\" stroke-dasharray=\"4 3\"",
           "status date " + s.status_date.iso());
    std::vector<svg::LegendItem> legend;
    if (any[0]) legend.push_back({M::diamond, "#4a7fc1", "milestone on track"});
    if (any[1]) legend.push_back({M::diamond, "#d9534f", "late: after its baseline or deadline"});
    if (any[2]) legend.push_back({M::diamond, "#9aa5b1", "done"});
    if (any[3]) legend.push_back({M::hollow_diamond, "#555", "baseline date, joined to the forecast"});
    legend.push_back({M::dashed, "#2e8b57", "status date " + s.status_date.iso()});
    c.legend(8, bottom + 10, right, legend);
    c.write(out, "pmo-milestones", pf.config.name + ": milestones", "");
}

void render_mta_svg(std::ostream& out, const Trend& t, const std::string& project, const std::string& name) {
    // x: the reporting date, the week each status was committed in (a report whose status date
    // was not moved still is a report of its own week); y: the forecast date, later up; the
    // diagonal y = x is where a milestone meets its report.
    static constexpr const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                               "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    // From the 11th milestone on a colour comes again, with another dash pattern.
    static constexpr const char* kDashes[] = {"", "7 3", "2 2", "9 3 2 3"};
    struct Series {
        std::string id, name;
        std::vector<std::pair<Date, Date>> points;  // (reporting week, forecast)
        std::vector<Date> status;                   // each point's status date
        std::vector<bool> done;
    };
    std::vector<Series> series;
    Date lo{INT32_MAX}, hi{INT32_MIN}, flo{INT32_MAX}, fhi{INT32_MIN};
    for (auto it = t.points.rbegin(); it != t.points.rend(); ++it)
        if (const TrendProject* p = it->find(project))
            for (const TrendMilestone& m : p->milestones)
                if (std::none_of(series.begin(), series.end(), [&](const Series& s) { return s.id == m.task; }))
                    series.push_back({m.task, m.name, {}, {}, {}});
    for (const TrendPoint& pt : t.points)
        if (const TrendProject* p = pt.find(project)) {
            lo = std::min(lo, pt.week);
            hi = std::max(hi, pt.week);
            for (const TrendMilestone& m : p->milestones)
                for (Series& s : series)
                    if (s.id == m.task) {
                        s.points.push_back({pt.week, m.forecast});
                        s.status.push_back(p->status_date);
                        s.done.push_back(m.done);
                        flo = std::min(flo, m.forecast);
                        fhi = std::max(fhi, m.forecast);
                    }
        }
    svg::Canvas c(11);
    if (series.empty() || lo.days == INT32_MAX) {
        c.text(8, 20, "No milestones to trend.", "fill=\"#555\"");
        c.write(out, "pmo-mta", name + ": milestone trend", "");
        return;
    }
    lo = lo - 3;
    hi = std::max(hi + 3, lo + 14);
    flo = std::min(flo, lo) - 3;
    fhi = std::max(fhi + 3, flo + 14);
    const double fs = 11, left = 12 + svg::text_width("2027-01-01", fs) + 8, top = 12, w = 560, h = 300;
    const double right = left + w, bottom = top + h;
    auto x_of = [&](Date d) { return left + (d - lo) * w / (hi - lo); };
    auto y_of = [&](Date d) { return bottom - (d - flo) * h / (fhi - flo); };
    svg::date_axis(c, lo, hi, left, right, bottom + 6 + svg::ascent(fs), top, bottom);
    // Forecast dates up the left, as many as fit.
    {
        const int32_t span = fhi - flo;
        const int step = span <= 60 ? 7 : span <= 240 ? 28 : span <= 730 ? 91 : 365;
        const double per_step = step * h / span;
        const int every = std::max(1, static_cast<int>(std::ceil(18 / per_step)));
        int k = 0;
        for (Date d = flo + (7 - flo.weekday()) % 7; d <= fhi; d = d + step, ++k) {
            c.line(left, y_of(d), right, y_of(d), "stroke=\"#eef0f3\"");
            if (k % every == 0) c.text(left - 6, y_of(d) + svg::ascent(fs) / 2, d.iso(), "fill=\"#555\"", svg::Anchor::end);
        }
    }
    c.line(left, bottom, right, bottom, "stroke=\"#333\"");
    c.line(left, top, left, bottom, "stroke=\"#333\"");
    // The diagonal, clipped to the plot.
    const Date d0 = std::max(lo, flo), d1 = std::min(hi, fhi);
    if (d0 < d1) c.line(x_of(d0), y_of(d0), x_of(d1), y_of(d1), "stroke=\"#999\" stroke-dasharray=\"5 4\"");
    // Each line's name at its end, right of the plot, in the order of the ends' heights and
    // pushed apart as little as keeps them a line apart; a leader joins a moved name to its end.
    // When the names do not fit in the plot's height, the legend alone names the lines.
    const double label_h = fs * 1.25, label_x = right + 14, label_w = 180;
    std::vector<double> label_y(series.size());
    bool end_labels = static_cast<double>(series.size()) * label_h <= h;
    if (end_labels) {
        std::vector<size_t> order(series.size());
        for (size_t k = 0; k < order.size(); ++k) {
            order[k] = k;
            label_y[k] = y_of(series[k].points.back().second);
        }
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return label_y[a] < label_y[b]; });
        const double lo_y = top + label_h / 2, hi_y = bottom - label_h / 2;
        double prev = lo_y - label_h;
        for (size_t k : order) prev = label_y[k] = std::max(label_y[k], prev + label_h);
        double next = hi_y + label_h;
        for (auto it = order.rbegin(); it != order.rend(); ++it) next = label_y[*it] = std::min(label_y[*it], next - label_h);
        end_labels = label_y[order.front()] >= lo_y - 0.01;
    }
    std::vector<svg::LegendItem> legend;
    for (size_t k = 0; k < series.size(); ++k) {
        const Series& s = series[k];
        const char* col = kColours[k % std::size(kColours)];
        const std::string dash = kDashes[(k / std::size(kColours)) % std::size(kDashes)];
        const std::string dash_attr = dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"";
        std::string d;
        for (auto [x, y] : s.points) d += fmt::format("{}{:.1f},{:.1f}", d.empty() ? "M" : " L", x_of(x), y_of(y));
        c.element(fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>", d, col, dash_attr), left, top,
                  right, bottom);
        for (size_t i = 0; i < s.points.size(); ++i) {
            const auto [x, y] = s.points[i];
            c.element(fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\" stroke=\"{}\"><title>{}, report of the week "
                                  "of {} (status date {}): {}{}</title></circle>",
                                  x_of(x), y_of(y), s.done[i] ? "white" : col, col, svg::esc(s.name), x.iso(),
                                  s.status[i].iso(), y.iso(), s.done[i] ? " (done)" : ""),
                      x_of(x) - 4, y_of(y) - 4, x_of(x) + 4, y_of(y) + 4);
        }
        if (end_labels) {
            const double ex = x_of(s.points.back().first), ey = y_of(s.points.back().second);
            c.element(fmt::format("<path d=\"M{:.1f},{:.1f} L{:.1f},{:.1f} L{:.1f},{:.1f}\" fill=\"none\" stroke=\"{}\"/>", ex + 4, ey,
                                  right + 4, ey, label_x - 3, label_y[k], col),
                      ex, std::min(ey, label_y[k]), label_x, std::max(ey, label_y[k]));
            const std::string shown = svg::fit(s.name, label_w, fs);
            c.text(label_x, label_y[k] + svg::ascent(fs) / 2, shown, fmt::format("fill=\"{}\"", col), svg::Anchor::start, 0, false,
                   shown == s.name ? std::string_view{} : std::string_view{s.name});
        }
        legend.push_back({M::line, col, s.name, dash});
    }
    legend.push_back({M::dashed, "#999", "forecast = reporting week (a milestone ends here)"});
    c.text(left, bottom + 10 + fs * 1.2 + svg::ascent(fs),
           "across: reporting week (the week of each status's commit); up: forecast date; a hollow point: done", "fill=\"#555\"");
    c.legend(4, bottom + 12 + fs * 2.6, right, legend);
    c.write(out, "pmo-mta", name + ": milestone trend", "");
}

}  // namespace pmo
