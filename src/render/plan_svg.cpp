#include <pmo/render/plan.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace pmo {
namespace {

std::string esc(std::string_view s) {
    std::string r;
    for (char c : s) {
        if (c == '&') r += "&amp;";
        else if (c == '<') r += "&lt;";
        else if (c == '>') r += "&gt;";
        else if (c == '"') r += "&quot;";
        else if (static_cast<unsigned char>(c) >= 0x20) r += c;
    }
    return r;
}

std::string shorten(const std::string& s, size_t n) {
    if (s.size() <= n) return s;
    size_t cut = n - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "\xe2\x80\xa6";
}

}  // namespace

void render_plan_svg(std::ostream& out, const PlanView& v) {
    // One row per task (projects as headers), one column per calendar day, scaled to stay readable
    // from a few tasks to a thousand.
    struct Row {
        int32_t project, task;  // task -1: the project's header
    };
    std::vector<Row> rows;
    Date first{INT32_MAX}, last{INT32_MIN};
    for (int32_t pi : v.projects) {
        rows.push_back({pi, -1});
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        first = std::min(first, pp.start);
        last = std::max(last, pp.finish);
        for (size_t i = 0; i < v.portfolio.projects[static_cast<size_t>(pi)].tasks.size(); ++i) {
            rows.push_back({pi, static_cast<int32_t>(i)});
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            first = std::min(first, x.start);
            last = std::max(last, x.finish);
        }
    }
    if (rows.empty()) first = last = Date::today();
    first = first - first.weekday();  // weeks start on Monday
    const int32_t days = (last - first) + 8;
    const double day_w = std::clamp(1400.0 / days, 1.5, 24.0);
    const int row_h = rows.size() > 400 ? 14 : 20;
    const int label_w = 320, top = 44;
    const double width = label_w + days * day_w + 20;
    const double height = top + static_cast<double>(rows.size()) * row_h + 20;
    auto x_of = [&](Date d) { return label_w + (d - first) * day_w; };
    std::map<std::pair<int32_t, int32_t>, size_t> row_of;
    for (size_t r = 0; r < rows.size(); ++r) row_of[{rows[r].project, rows[r].task}] = r;

    out << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
                       "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"{}\">\n",
                       width, height, width, height, row_h > 14 ? 12 : 10);
    out << "<title>" << esc(v.portfolio.config.name) << " plan</title>\n";
    out << "<style>.bar{fill:#4a7fc1}.crit{fill:#d9534f}.done{fill:#9aa5b1}.sum{fill:#333}.ms{fill:#333}"
           ".ms.crit{fill:#d9534f}.grid{stroke:#e3e6ea;stroke-width:1}.we{fill:#f6f7f9}.arrow{stroke:#888;fill:none;"
           "stroke-width:1}.status{stroke:#2e8b57;stroke-width:2;stroke-dasharray:4 3}.proj{font-weight:bold}"
           ".lbl{fill:#222}.axis{fill:#555}</style>\n";
    out << "<defs><marker id=\"ah\" markerWidth=\"6\" markerHeight=\"6\" refX=\"5\" refY=\"3\" orient=\"auto\">"
           "<path d=\"M0,0 L6,3 L0,6 z\" fill=\"#888\"/></marker></defs>\n";
    out << fmt::format("<rect width=\"{:.0f}\" height=\"{:.0f}\" fill=\"white\"/>\n", width, height);
    // Weekends shaded when days are wide enough to see; a grid line and a date every week or month.
    const int step = day_w >= 6 ? 7 : day_w >= 2 ? 28 : 91;
    const int label_every = std::max(1, static_cast<int>(std::ceil(76.0 / (step * day_w))));
    for (int32_t d = 0; d < days; ++d) {
        const Date day = first + d;
        if (day_w >= 4 && day.weekday() >= 5)
            out << fmt::format("<rect class=\"we\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{:.0f}\"/>\n",
                               x_of(day), top, day_w, height - top - 20);
        if (d % step == 0) {
            out << fmt::format("<line class=\"grid\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.0f}\"/>\n", x_of(day),
                               top - 6, x_of(day), height - 20);
            if ((d / step) % label_every == 0)
                out << fmt::format("<text class=\"axis\" x=\"{:.1f}\" y=\"{}\">{}</text>\n", x_of(day) + 2, top - 10,
                                   day.iso());
        }
    }
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
            out << fmt::format("<path class=\"arrow\" marker-end=\"url(#ah)\" d=\"M{:.1f},{:.1f} H{:.1f} V{:.1f} H{:.1f}\"/>\n",
                               x1, y1, mid, y2, x2 - 1);
        }
    }
    for (size_t ri = 0; ri < rows.size(); ++ri) {
        const Row& r = rows[ri];
        const Project& p = v.portfolio.projects[static_cast<size_t>(r.project)];
        const double y = top + static_cast<double>(ri) * row_h;
        if (r.task < 0) {
            const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(r.project)];
            out << fmt::format("<text class=\"lbl proj\" x=\"4\" y=\"{:.1f}\">{}</text>\n", y + row_h - 6,
                               esc(shorten(p.name.value, 44)));
            if (p.deadline)
                out << fmt::format("<path class=\"ms{}\" d=\"M{:.1f},{:.1f} l4,-{} l4,{} z\"><title>deadline {}</title></path>\n",
                                   pp.deadline_slip ? " crit" : "", x_of(p.deadline.value + 1) - 4, y + row_h - 3,
                                   row_h - 8, row_h - 8, p.deadline->iso());
            // The status date of this project.
            out << fmt::format("<line class=\"status\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"><title>status date {}</title></line>\n",
                               x_of(pp.status_date), y, x_of(pp.status_date),
                               y + static_cast<double>(p.tasks.size() + 1) * row_h, pp.status_date.iso());
            continue;
        }
        const Task& t = p.tasks[static_cast<size_t>(r.task)];
        const TaskPlan& x = v.plan.tasks[static_cast<size_t>(r.project)][static_cast<size_t>(r.task)];
        const std::string name = t.name ? t.name.value : t.id;
        out << fmt::format("<text class=\"lbl\" x=\"{}\" y=\"{:.1f}\">{}</text>\n", 10 + 10 * t.depth, y + row_h - 6,
                           esc(shorten(name, static_cast<size_t>(std::max(8, 42 - 2 * t.depth)))));
        const std::string tip = fmt::format("{}/{}: {} .. {}, float {}d{}", p.id, t.id, x.start.iso(), x.finish.iso(),
                                            x.total_float, x.critical ? ", critical" : "");
        const bool milestone = !t.is_summary() && x.f == x.s;
        const double x0 = x_of(x.start), x1 = x_of(x.finish + 1);
        if (milestone) {
            const double cx = x_of(x.start + 1), cy = y + row_h / 2.0, h = row_h / 2.0 - 3;
            out << fmt::format("<path class=\"ms{}\" d=\"M{:.1f},{:.1f} l{:.1f},{:.1f} l-{:.1f},{:.1f} l-{:.1f},-{:.1f} z\"><title>{}</title></path>\n",
                               x.critical ? " crit" : "", cx, cy - h, h, h, h, h, h, h, esc(tip));
        } else if (t.is_summary()) {
            // A bracket: a bar with hooks at both ends, its thickness scaled to the row.
            const double top_y = y + 4, mid = y + row_h / 2.0 + 1, bottom = y + row_h - 4;
            const double hook = std::min(4.0, std::max(1.0, (x1 - x0) / 3));
            out << fmt::format("<path class=\"sum\" d=\"M{:.1f},{:.1f} H{:.1f} V{:.1f} L{:.1f},{:.1f} H{:.1f} L{:.1f},{:.1f} Z\"><title>{}</title></path>\n",
                               x0, top_y, x1, bottom, x1 - hook, mid, x0 + hook, x0, bottom, esc(tip));
        } else {
            const std::string cls = x.done ? "done" : x.critical ? "crit" : "bar";
            out << fmt::format("<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"2\"><title>{}</title></rect>\n",
                               cls, x0, y + 4, std::max(1.0, x1 - x0), row_h - 8, esc(tip));
            if (x.percent > 0 && !x.done)
                out << fmt::format("<rect class=\"done\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"2\"/>\n",
                                   x0, y + row_h / 2.0 - 2, std::max(1.0, (x1 - x0) * x.percent / 100.0), 4);
        }
    }
    out << "</svg>\n";
}

}  // namespace pmo
