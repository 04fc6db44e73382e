#include <pmo/render/plan.hpp>
#include <pmo/render/text.hpp>

#include <fmt/format.h>
#include <sstream>

namespace pmo {
namespace {

}  // namespace

std::string mermaid_gantt_row(const Task& t, const TaskPlan& x, const std::string& id) {
    std::vector<std::string> tags;
    const bool milestone = !t.is_summary() && x.f == x.s;
    if (x.critical) tags.push_back("crit");
    if (x.done) tags.push_back("done");
    else if (x.started) tags.push_back("active");
    if (milestone) tags.push_back("milestone");
    tags.push_back(id);
    const std::string name = mermaid_text(t.name ? t.name.value : t.id);
    // A milestone is drawn on the day it is shown on; a bar up to the day after its finish.
    if (milestone) return fmt::format("    {} :{}, {}, 0d\n", name, fmt::join(tags, ", "), x.finish.iso());
    return fmt::format("    {} :{}, {}, {}\n", name, fmt::join(tags, ", "), x.start.iso(), (x.finish + 1).iso());
}

namespace {

/// The diagram with summaries deeper than `max_depth` rolled up into one bar.
std::string diagram(const PlanView& v, int max_depth) {
    std::ostringstream out;
    out << "gantt\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n";
    if (v.projects.size() == 1)
        out << "    title " << mermaid_text(v.portfolio.projects[static_cast<size_t>(v.projects[0])].name.value) << '\n';
    int counter = 0;
    for (int32_t pi : v.projects) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(pi)];
        const auto& tp = v.plan.tasks[static_cast<size_t>(pi)];
        if (max_depth < 0) {
            // Whole projects as single bars.
            const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
            if (counter == 0) out << "    section Projects\n";
            out << fmt::format("    {} :p{}, {}, {}\n", mermaid_text(p.name.value), ++counter, pp.start.iso(),
                               (pp.finish + 1).iso());
            continue;
        }
        std::string section;
        auto open = [&](const std::string& name) {
            if (name != section) {
                out << "    section " << name << '\n';
                section = name;
            }
        };
        const std::string pname = mermaid_text(p.name.value);
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            if (t.depth > max_depth) continue;
            const TaskPlan& x = tp[i];
            const bool rolled = t.is_summary() && t.depth == max_depth;
            if (t.is_summary() && !rolled) continue;  // its children are drawn in its section
            // Section: the nearest summary above, or the project.
            std::string sec = v.projects.size() > 1 ? pname : "Tasks";
            if (t.parent >= 0) {
                std::string path;
                for (int32_t a = t.parent; a >= 0; a = p.tasks[static_cast<size_t>(a)].parent)
                    path = mermaid_text(p.tasks[static_cast<size_t>(a)].name.value) + (path.empty() ? "" : " / " + path);
                sec = v.projects.size() > 1 ? pname + " / " + path : path;
            }
            open(sec);
            out << mermaid_gantt_row(t, x, fmt::format("t{}", ++counter));
        }
    }
    return out.str();
}

}  // namespace

void render_plan_mermaid(std::ostream& out, const PlanView& v) {
    // GitHub renders at most 50,000 characters: roll up deeper levels until it fits.
    constexpr size_t kLimit = 50000;
    int depth = 0;
    for (const int32_t pi : v.projects)
        for (const Task& t : v.portfolio.projects[static_cast<size_t>(pi)].tasks) depth = std::max(depth, t.depth);
    std::string text = diagram(v, depth);
    while (text.size() > kLimit && depth >= 0) text = diagram(v, --depth);
    if (text.size() > kLimit) {
        // Even one bar per project is too much: show the first ones that fit.
        PlanView part{v.portfolio, v.plan, {}, false};
        for (int32_t pi : v.projects) {
            part.projects.push_back(pi);
            if (diagram(part, -1).size() > kLimit - 100) {
                part.projects.pop_back();
                break;
            }
        }
        text = diagram(part, -1);
        text += fmt::format("    %% {} more projects left out to stay under Mermaid's size limit\n",
                            v.projects.size() - part.projects.size());
    }
    out << text;
}

}  // namespace pmo
