#include <pmo/load/loader.hpp>
#include <pmo/check/rule_ids.hpp>
#include <pmo/load/ical.hpp>

#include "decode.hpp"

#include <pmo/model/gates.hpp>
#include <pmo/model/spell.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <tuple>
#include <set>
#include <thread>

namespace pmo {

bool LoadResult::usable() const {
    return std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; });
}

bool glob_match(std::string_view pat, std::string_view path) {
    // Iterative matcher with backtracking for '*' (within a segment) and '**' (across segments).
    size_t p = 0, s = 0, star_p = std::string_view::npos, star_s = 0;
    bool star_any = false;
    while (s < path.size()) {
        if (p + 1 < pat.size() + 1 && pat.substr(p, 2) == "**") {
            star_p = p + 2;
            if (star_p < pat.size() && pat[star_p] == '/') ++star_p;
            star_s = s;
            star_any = true;
            p = star_p;
            continue;
        }
        if (p < pat.size() && pat[p] == '*') {
            star_p = ++p;
            star_s = s;
            star_any = false;
            continue;
        }
        if (p < pat.size() && (pat[p] == path[s] || (pat[p] == '?' && path[s] != '/'))) {
            ++p;
            ++s;
            continue;
        }
        if (star_p != std::string_view::npos && (star_any || path[star_s] != '/')) {
            p = star_p;
            s = ++star_s;
            continue;
        }
        return false;
    }
    while (p < pat.size() && pat[p] == '*') ++p;
    return p == pat.size();
}

namespace {

using detail::FileResult;

template <class V>
void sort_and_dedupe(V& items, std::string_view what, Findings& out) {
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        return a.id != b.id ? a.id < b.id : a.pos < b.pos;
    });
    V kept;
    kept.reserve(items.size());
    for (auto& it : items) {
        if (!kept.empty() && kept.back().id == it.id) {
            out.push_back({rule_id::duplicate_id, Severity::error, it.pos,
                           fmt::format("{} id '{}' is already used", what, it.id),
                           {Note{kept.back().pos, "first defined here"}}});
            continue;
        }
        kept.push_back(std::move(it));
    }
    items = std::move(kept);
}

/// What a file YAML could not parse may define: its name without .yaml, and the project id its
/// text gives (`id: X` on a line below `project:`, or `project: {id: X, ...}`).
std::vector<std::string> ids_in_unparsed(const std::string& path, std::string_view text) {
    std::vector<std::string> ids;
    std::string stem = path.substr(path.rfind('/') + 1);
    stem = stem.substr(0, stem.rfind('.'));
    ids.push_back(stem);
    auto value = [&ids](std::string_view v) {
        v = v.substr(0, std::min(v.size(), v.find_first_of("#,}")));
        const size_t b = v.find_first_not_of(" \"'"), e = v.find_last_not_of(" \r\"'");
        if (b != std::string_view::npos && e >= b) ids.emplace_back(v.substr(b, e - b + 1));
    };
    bool in_project = false;
    for (size_t at = 0; at < text.size();) {
        const size_t end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        if (line.starts_with("project:")) {
            std::string_view rest = line.substr(8);
            if (const size_t id = rest.find("id:"); id != std::string_view::npos && rest.find('{') < id) value(rest.substr(id + 3));
            in_project = true;
            continue;
        }
        if (!line.empty() && line[0] != ' ' && line[0] != '#') in_project = false;  // the next top-level key
        const size_t ind = line.find_first_not_of(' ');
        if (in_project && ind != std::string_view::npos && ind > 0 && line.substr(ind).starts_with("id:")) {
            value(line.substr(ind + 3));
            in_project = false;
        }
    }
    return ids;
}

class Resolver {
public:
    Resolver(Portfolio& p, Findings& out, const std::set<std::string>& unparsed_ids)
        : m_p(p), m_out(out), m_unparsed(unparsed_ids) {}

    void error(RuleId rule, Pos pos, std::string msg, std::vector<Note> notes = {}) {
        m_out.push_back({std::string(rule), Severity::error, pos, std::move(msg), std::move(notes)});
    }

    void run() {
        templates();
        calendars();
        for (auto& r : m_p.resources) resource(r);
        for (size_t i = 0; i < m_p.projects.size(); ++i) task_index(m_p.projects[i]);
        for (size_t i = 0; i < m_p.projects.size(); ++i) project(m_p.projects[i]);
        cycles();
    }

private:
    std::vector<std::string_view> ids_of(const auto& v) {
        std::vector<std::string_view> r;
        r.reserve(v.size());
        for (const auto& x : v) r.push_back(x.id);
        return r;
    }

    bool calendar_ref(const Located<std::string>& ref, std::string_view what) {
        if (!ref || m_p.calendar_index(ref.value) >= 0) return true;
        error(rule_id::unknown_reference, ref.pos,
              fmt::format("{} refers to calendar '{}', which is not defined{}", what, ref.value,
                          did_you_mean(ref.value, ids_of(m_p.calendars))));
        return false;
    }

    void templates() {
        for (const TemplateRule& r : m_p.config.templates) {
            const Template* t = m_p.find_template(r.name);
            if (!t || !t->found())
                error(rule_id::invalid_config, r.pos,
                      fmt::format("[templates] {}: there is no templates/{}.yaml", r.methodology, r.name));
        }
    }

    void calendars() {
        if (!m_p.config.calendar.empty() && m_p.calendar_index(m_p.config.calendar) < 0) {
            Pos at{m_p.config.file, 1, 1};
            error(rule_id::unknown_reference, at,
                  fmt::format("[schedule] calendar '{}' is not defined in any pool file{}", m_p.config.calendar,
                              did_you_mean(m_p.config.calendar, ids_of(m_p.calendars))));
        }
        // Resolve `base` chains; a chain that loops is reported once and cut.
        const size_t n = m_p.calendars.size();
        std::vector<int> state(n, 0);  // 0 new, 1 in progress, 2 done
        for (size_t i = 0; i < n; ++i) {
            std::vector<size_t> chain;
            size_t c = i;
            while (state[c] == 0) {
                state[c] = 1;
                chain.push_back(c);
                const Calendar& cal = m_p.calendars[c];
                if (!cal.base || !calendar_ref(cal.base, fmt::format("calendar '{}'", cal.id))) break;
                const size_t b = static_cast<size_t>(m_p.calendar_index(cal.base.value));
                if (state[b] == 1) {
                    error(rule_id::dependency_cycle, cal.base.pos,
                          fmt::format("calendar '{}' inherits from itself through 'base'", cal.id));
                    m_p.calendars[c].base.present = false;
                    break;
                }
                c = b;
            }
            // Fill in from the root of the chain down.
            for (size_t k = chain.size(); k-- > 0;) {
                Calendar& cal = m_p.calendars[chain[k]];
                const int32_t bi = cal.base ? m_p.calendar_index(cal.base.value) : -1;
                if (bi >= 0) {  // an unknown base is reported above; the calendar stands alone
                    const Calendar& b = m_p.calendars[static_cast<size_t>(bi)];
                    cal.week = b.week;
                    cal.hpd = b.hpd;
                    cal.all_holidays = b.all_holidays;
                }
                if (cal.workweek) cal.week = cal.workweek.value;
                if (cal.hours_per_day) cal.hpd = cal.hours_per_day.value;
                for (const Holiday& h : cal.holidays) cal.all_holidays.push_back(h.date);
                std::sort(cal.all_holidays.begin(), cal.all_holidays.end());
                cal.all_holidays.erase(std::unique(cal.all_holidays.begin(), cal.all_holidays.end()), cal.all_holidays.end());
                state[chain[k]] = 2;
            }
        }
    }

    void resource(Resource& r) {
        if (r.calendar && calendar_ref(r.calendar, fmt::format("resource '{}'", r.id)))
            r.calendar_index = m_p.calendar_index(r.calendar.value);
    }

    void task_index(Project& p) {
        std::map<std::string_view, size_t> risk_ids;
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            if (t.id.empty()) continue;
            auto [it, fresh] = p.task_ids.emplace(t.id, static_cast<int32_t>(i));
            if (!fresh)
                error(rule_id::duplicate_id, t.pos, fmt::format("task id '{}' is already used in project '{}'", t.id, p.id),
                      {Note{p.tasks[static_cast<size_t>(it->second)].pos, "first defined here"}});
        }
        for (const Risk& r : p.risks) {
            auto [it, fresh] = risk_ids.emplace(r.id, &r - p.risks.data());
            if (!fresh)
                error(rule_id::duplicate_id, r.pos, fmt::format("risk id '{}' is already used in project '{}'", r.id, p.id),
                      {Note{p.risks[it->second].pos, "first defined here"}});
        }
        std::map<std::pair<std::string_view, std::string_view>, Pos> rec;
        for (const Record& r : p.records) {
            auto [it, fresh] = rec.emplace(std::pair<std::string_view, std::string_view>{r.section, r.id}, r.pos);
            if (!fresh)
                error(rule_id::duplicate_id, r.pos, fmt::format("{} id '{}' is already used in project '{}'", r.kind, r.id, p.id),
                      {Note{it->second, "first defined here"}});
        }
    }

    /// Resolves `ref` (task or project/task) seen in project `p`; reports and returns false when unknown.
    bool task_ref(const Project& p, const std::string& ref, Pos pos, std::string_view what, int32_t& proj, int32_t& task) {
        std::string_view pid = p.id, tid = ref;
        const size_t slash = ref.find('/');
        if (slash != std::string::npos) {
            pid = std::string_view(ref).substr(0, slash);
            tid = std::string_view(ref).substr(slash + 1);
        }
        proj = m_p.project_index(pid);
        if (proj < 0 && m_unparsed.count(std::string(pid))) return false;  // its file's syntax error says it
        if (proj < 0) {
            error(rule_id::unknown_reference, pos,
                  fmt::format("{} '{}': there is no project '{}' in the portfolio{}", what, ref, pid,
                              did_you_mean(pid, ids_of(m_p.projects))));
            return false;
        }
        const Project& q = m_p.projects[static_cast<size_t>(proj)];
        task = find_task(q, tid);
        if (task < 0) {
            std::vector<std::string_view> names;
            for (const auto& [k, v] : q.task_ids) names.push_back(k);
            std::sort(names.begin(), names.end());
            error(rule_id::unknown_reference, pos,
                  fmt::format("{} '{}': project '{}' has no task '{}'{}", what, ref, q.id, tid, did_you_mean(tid, names)));
            return false;
        }
        return true;
    }

    void project(Project& p) {
        calendar_ref(p.calendar, fmt::format("project '{}'", p.id));
        if (p.template_name) {
            const Template* t = m_p.find_template(p.template_name.value);
            if (!t || !t->found())
                error(rule_id::unknown_reference, p.template_name.pos,
                      fmt::format("project '{}' follows template '{}', but there is no templates/{}.yaml", p.id,
                                  p.template_name.value, p.template_name.value));
        }
        for (Task& t : p.tasks) {
            for (Dependency& d : t.depends) {
                if (!task_ref(p, d.ref, d.pos, fmt::format("task '{}' depends on", t.id), d.project, d.task)) continue;
                if (d.project == m_p.project_index(p.id) && &p.tasks[static_cast<size_t>(d.task)] == &t)
                    error(rule_id::dependency_cycle, d.pos, fmt::format("task '{}' depends on itself", t.id));
            }
            std::map<std::string_view, Pos> assigned;
            for (Assignment& a : t.assign) {
                a.index = m_p.resource_index(a.resource);
                if (a.index < 0)
                    error(rule_id::unknown_reference, a.pos,
                          fmt::format("task '{}' is assigned to resource '{}', which is not in the pool{}", t.id,
                                      a.resource, did_you_mean(a.resource, ids_of(m_p.resources))));
                // Twice would book the person twice over, each booking its own units.
                if (auto [first, fresh] = assigned.emplace(a.resource, a.pos); !fresh)
                    error(rule_id::duplicate_id, a.pos,
                          fmt::format("task '{}' assigns resource '{}' twice, which would book them twice over; "
                                      "assign each resource once, with `units:` for a share of their day",
                                      t.id, a.resource),
                          {Note{first->second, "first assigned here"}});
            }
        }
        for (const Risk& r : p.risks)
            for (const auto& a : r.affects) {
                int32_t pj, tk;
                task_ref(p, a.value, a.pos, fmt::format("risk '{}' affects", r.id), pj, tk);
            }
        spans(p);
    }

    /// Every span in working days of the project's calendar: within kMaxWorkingDays, and
    /// three-point estimates in order. Only here are the calendars known: `1000000h` is
    /// ten billion days at `hours_per_day: 0.0001`, and `1w` is less than `6d` in a five-day week.
    void spans(const Project& p) {
        const Calendar& cal = m_p.project_calendar(p);
        const int dpw = cal.days_per_week();
        auto days_of = [&](const Duration& d) {
            double raw = d.value;
            if (d.unit == 'w') raw *= dpw;
            else if (d.unit == 'h') raw /= cal.hpd;
            return raw;
        };
        auto bound = [&](const Duration& d, double units, Pos at, const std::string& what) {
            const double days = days_of(d) / units;
            if (std::fabs(days) <= kMaxWorkingDays) return true;
            const std::string at_units = units == 1 ? std::string() : fmt::format(", worked at {:g}% in all,", units * 100);
            error(rule_id::invalid_value, at,
                  fmt::format("{} {}{} is {:.0f} working days in calendar '{}' ({} days a week, {:g} hours a day); "
                              "the limit is {:.0f} working days",
                              what, d.str(), at_units, days, cal.id, dpw, cal.hpd, kMaxWorkingDays));
            return false;
        };
        auto three = [&](const ThreePoint& tp, Pos at, const std::string& what) {
            bool ok = true;
            for (const auto& [d, key] : {std::pair{&tp.optimistic, "optimistic"}, std::pair{&tp.likely, "likely"},
                                         std::pair{&tp.pessimistic, "pessimistic"}})
                ok = bound(*d, 1, at, fmt::format("{} {}", what, key)) && ok;
            if (!ok) return;
            const double o = days_of(tp.optimistic), l = days_of(tp.likely), pe = days_of(tp.pessimistic);
            if (o <= l && l <= pe) return;
            error(rule_id::invalid_value, at,
                  fmt::format("{} needs optimistic <= likely <= pessimistic, got {} ({:g}d), {} ({:g}d), {} ({:g}d) "
                              "in calendar '{}'",
                              what, tp.optimistic.str(), o, tp.likely.str(), l, tp.pessimistic.str(), pe, cal.id));
        };
        for (const Task& t : p.tasks) {
            if (t.id.empty()) continue;
            if (t.duration) bound(t.duration.value, 1, t.duration.pos, fmt::format("task '{}' duration", t.id));
            if (t.effort) {
                double units = 0;
                for (const Assignment& a : t.assign) units += a.units;
                bound(t.effort.value, units > 0 ? units : 1, t.effort.pos, fmt::format("task '{}' effort", t.id));
            }
            for (const Dependency& d : t.depends)
                if (d.lag_pos.known())
                    bound(d.lag, 1, d.lag_pos, fmt::format("task '{}' lag after '{}'", t.id, d.ref));
            if (t.estimate) three(t.estimate.value, t.estimate.pos, fmt::format("task '{}' estimate", t.id));
        }
        for (const Risk& r : p.risks) {
            if (!r.schedule_impact) continue;
            const UncertainDuration& u = r.schedule_impact.value;
            const std::string what = fmt::format("risk '{}' schedule_impact", r.id);
            if (u.range) three(*u.range, r.schedule_impact.pos, what);
            else bound(u.fixed, 1, r.schedule_impact.pos, what);
        }
    }

    // ---- dependency cycles ----
    // Nodes: every task's start side; summary tasks also get a finish side. A summary's start
    // precedes its children and its finish follows them, so depending on your own summary is a cycle.

    struct Graph {
        std::vector<uint32_t> first;  // CSR
        std::vector<uint32_t> edges;
        std::vector<std::pair<int32_t, int32_t>> owner;  // node -> (project, task)
    };

    void cycles() {
        std::vector<uint32_t> start_base(m_p.projects.size()), finish_node;
        uint32_t n = 0;
        for (size_t pi = 0; pi < m_p.projects.size(); ++pi) {
            start_base[pi] = n;
            n += static_cast<uint32_t>(m_p.projects[pi].tasks.size());
        }
        std::vector<std::vector<uint32_t>> fin(m_p.projects.size());
        Graph g;
        g.owner.resize(n);
        for (size_t pi = 0; pi < m_p.projects.size(); ++pi) {
            const Project& p = m_p.projects[pi];
            fin[pi].resize(p.tasks.size());
            for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
                g.owner[start_base[pi] + ti] = {static_cast<int32_t>(pi), static_cast<int32_t>(ti)};
                if (p.tasks[ti].is_summary()) {
                    fin[pi][ti] = n++;
                    g.owner.push_back({static_cast<int32_t>(pi), static_cast<int32_t>(ti)});
                } else {
                    fin[pi][ti] = start_base[pi] + static_cast<uint32_t>(ti);
                }
            }
        }
        std::vector<std::pair<uint32_t, uint32_t>> e;
        for (size_t pi = 0; pi < m_p.projects.size(); ++pi) {
            const Project& p = m_p.projects[pi];
            for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
                const Task& t = p.tasks[ti];
                const uint32_t s = start_base[pi] + static_cast<uint32_t>(ti), f = fin[pi][ti];
                for (int32_t c : t.children) {
                    e.emplace_back(s, start_base[pi] + static_cast<uint32_t>(c));
                    e.emplace_back(fin[pi][static_cast<size_t>(c)], f);
                }
                for (const Dependency& d : t.depends) {
                    if (d.task < 0) continue;
                    const size_t qp = static_cast<size_t>(d.project), qt = static_cast<size_t>(d.task);
                    const uint32_t ps = start_base[qp] + static_cast<uint32_t>(qt), pf = fin[qp][qt];
                    if (ps == s && pf == f) continue;  // self-dependency, reported already
                    // Whatever the type, a dependency on a summary waits for all of its children,
                    // and a summary's own dependency holds all of its children back: after the
                    // predecessor's finish side, before the successor's start side.
                    e.emplace_back(pf, s);
                }
            }
        }
        g.first.assign(n + 1, 0);
        for (auto& [a, b] : e) g.first[a + 1]++;
        for (uint32_t i = 0; i < n; ++i) g.first[i + 1] += g.first[i];
        g.edges.resize(e.size());
        std::vector<uint32_t> fill(g.first.begin(), g.first.end() - 1);
        for (auto& [a, b] : e) g.edges[fill[a]++] = b;
        tarjan(g, n);
    }

    void tarjan(const Graph& g, uint32_t n) {
        // Iterative Tarjan: no recursion, so a 100,000-task chain cannot overflow the stack.
        constexpr uint32_t kUnset = UINT32_MAX;
        std::vector<uint32_t> index(n, kUnset), low(n, 0), comp(n, kUnset);
        std::vector<char> on_stack(n, 0);
        std::vector<uint32_t> stack;
        std::vector<std::pair<uint32_t, uint32_t>> call;  // (node, next edge)
        uint32_t counter = 0, ncomp = 0;
        for (uint32_t root = 0; root < n; ++root) {
            if (index[root] != kUnset) continue;
            call.push_back({root, g.first[root]});
            index[root] = low[root] = counter++;
            stack.push_back(root);
            on_stack[root] = 1;
            while (!call.empty()) {
                auto& [v, ei] = call.back();
                if (ei < g.first[v + 1]) {
                    const uint32_t w = g.edges[ei++];
                    if (index[w] == kUnset) {
                        index[w] = low[w] = counter++;
                        stack.push_back(w);
                        on_stack[w] = 1;
                        call.push_back({w, g.first[w]});
                    } else if (on_stack[w]) {
                        low[v] = std::min(low[v], index[w]);
                    }
                    continue;
                }
                const uint32_t done = v;
                call.pop_back();
                if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
                if (low[done] == index[done]) {
                    std::vector<uint32_t> members;
                    uint32_t w;
                    do {
                        w = stack.back();
                        stack.pop_back();
                        on_stack[w] = 0;
                        comp[w] = ncomp;
                        members.push_back(w);
                    } while (w != done);
                    if (members.size() > 1) report_cycle(g, comp, ncomp, members);
                    ++ncomp;
                }
            }
        }
    }

    void report_cycle(const Graph& g, const std::vector<uint32_t>& comp, uint32_t c, std::vector<uint32_t> members) {
        // Start at the first member in portfolio order; walk a shortest path back to it (BFS in the component).
        std::sort(members.begin(), members.end(), [&](uint32_t a, uint32_t b) { return g.owner[a] < g.owner[b]; });
        const uint32_t start = members.front();
        std::map<uint32_t, uint32_t> parent;
        std::vector<uint32_t> queue{start};
        uint32_t last = UINT32_MAX;
        for (size_t qi = 0; qi < queue.size() && last == UINT32_MAX; ++qi) {
            const uint32_t v = queue[qi];
            for (uint32_t ei = g.first[v]; ei < g.first[v + 1]; ++ei) {
                const uint32_t w = g.edges[ei];
                if (comp[w] != c) continue;
                if (w == start) {
                    last = v;
                    break;
                }
                if (parent.emplace(w, v).second) queue.push_back(w);
            }
        }
        std::vector<uint32_t> path;
        for (uint32_t v = last; v != start; v = parent.at(v)) path.push_back(v);
        path.push_back(start);
        std::reverse(path.begin(), path.end());
        std::vector<std::pair<int32_t, int32_t>> tasks;
        for (uint32_t v : path)
            if (tasks.empty() || tasks.back() != g.owner[v]) tasks.push_back(g.owner[v]);
        if (tasks.size() > 1 && tasks.back() == tasks.front()) tasks.pop_back();
        std::string msg = "dependency cycle: ";
        std::vector<Note> notes;
        for (const auto& [pi, ti] : tasks) {
            const Project& p = m_p.projects[static_cast<size_t>(pi)];
            const Task& t = p.tasks[static_cast<size_t>(ti)];
            msg += fmt::format("{}/{} ({}:{}) -> ", p.id, t.id, m_p.files[static_cast<size_t>(t.pos.file)], t.pos.line);
            notes.push_back({t.pos, fmt::format("{}/{} is on the cycle", p.id, t.id)});
        }
        const auto& [p0, t0] = tasks.front();
        const Project& fp = m_p.projects[static_cast<size_t>(p0)];
        msg += fmt::format("{}/{}", fp.id, fp.tasks[static_cast<size_t>(t0)].id);
        if (tasks.size() == 1) msg += " (a task cannot depend on its own summary task or on its own children)";
        error(rule_id::dependency_cycle, fp.tasks[static_cast<size_t>(t0)].pos, std::move(msg), std::move(notes));
    }

    Portfolio& m_p;
    Findings& m_out;
    const std::set<std::string>& m_unparsed;
};

}  // namespace

/// Keyed by the file's index (positions carry it), path and whole text: a hit is the same decode.
struct DecodeCache::Impl {
    std::mutex mutex;
    std::map<std::tuple<int32_t, std::string, std::string>, FileResult> files;

    bool get(int32_t file, const std::string& path, const std::string& text, FileResult& out) {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = files.find({file, path, text});
        if (it == files.end()) return false;
        out = it->second;
        return true;
    }
    void put(int32_t file, const std::string& path, const std::string& text, const FileResult& r) {
        std::lock_guard<std::mutex> lock(mutex);
        files.emplace(std::tuple{file, path, text}, r);
    }
};

DecodeCache::DecodeCache() : m_impl(std::make_unique<Impl>()) {}
DecodeCache::~DecodeCache() = default;

namespace {

/// Reads the templates projects and pmo.toml [templates] name; each read file joins `files`.
void load_templates(const Source& source, Portfolio& pf, LoadResult& res) {
    std::set<std::string> names;
    for (const Project& p : pf.projects)
        if (p.template_name) names.insert(p.template_name.value);
    for (const TemplateRule& r : pf.config.templates) names.insert(r.name);
    for (const std::string& name : names) {
        Template t;
        t.name = name;
        std::string text, err;
        for (const char* ext : {".yaml", ".yml"}) {
            const std::string path = "templates/" + name + ext;
            if (!source.read(path, text, err)) continue;
            t.path = path;
            const int32_t file = static_cast<int32_t>(pf.files.size());
            pf.files.push_back(path);
            ++res.files_read;
            t.pos = Pos{file, 1, 1};
            detail::decode_template(text, file, t, res.findings);
            break;
        }
        pf.templates.push_back(std::move(t));
    }
}

/// Which of the files [[gate]] criteria name exist, with {project} as each project's id.
void gate_files(const Source& source, Portfolio& pf) {
    for (const GateRule& g : pf.config.gates)
        for (const std::string& pattern : g.files)
            for (const Project& p : pf.projects) {
                const std::string path = gate_file(pattern, p);
                if (!pf.files_present.count(path) && source.exists(path)) pf.files_present.insert(path);
            }
}

/// The holidays of every calendar's `holidays_from`, kept from a year before the first project
/// starts to ten years after the last date a project names.
void load_holidays(const Source& source, Portfolio& pf, LoadResult& res) {
    HolidayWindow window{Date{INT32_MAX}, Date{INT32_MIN}};
    for (const Project& p : pf.projects)
        for (const Located<Date>* d : {&p.start, &p.deadline, &p.status_date})
            if (*d && (*d)->year() > 1 && (*d)->year() < 9990) {
                window.from = std::min(window.from, Date::from_ymd((*d)->year() - 1, 1, 1));
                window.to = std::max(window.to, Date::from_ymd((*d)->year() + 10, 12, 31));
            }
    for (Calendar& c : pf.calendars) {
        if (!c.holidays_from) continue;
        const std::string& path = c.holidays_from.value;
        const std::string what = fmt::format("calendar '{}' holidays_from", c.id);
        if (path.empty() || path[0] == '/' || path == ".." || path.starts_with("../") || path.find("/../") != std::string::npos ||
            path.ends_with("/..")) {
            res.findings.push_back({rule_id::invalid_value, Severity::error, c.holidays_from.pos,
                                    fmt::format("{}: '{}' is not a path inside the portfolio (write it from the portfolio's "
                                                "root, e.g. holidays/de-be.ics)",
                                                what, path)});
            continue;
        }
        std::string text, err;
        if (!source.read(path, text, err)) {
            res.findings.push_back({rule_id::unknown_reference, Severity::error, c.holidays_from.pos,
                                    fmt::format("{}: cannot read '{}': {}", what, path, err)});
            continue;
        }
        HolidayWindow w = window;
        if (w.from > w.to) w = {Date::from_ymd(1970, 1, 1), Date::from_ymd(2100, 12, 31)};  // no project dates yet
        IcalHolidays got = read_ical_holidays(text, w);
        if (!got.error.empty()) {
            res.findings.push_back({rule_id::invalid_value, Severity::error, c.holidays_from.pos,
                                    fmt::format("{}: '{}' is {}", what, path, got.error)});
            continue;
        }
        if (got.holidays.empty() && got.timed > 0) {
            // Meetings, not days off: most likely the wrong file.
            res.findings.push_back({rule_id::invalid_value, Severity::error, c.holidays_from.pos,
                                    fmt::format("{}: '{}' has no all-day event, so no holiday: every event has a time of "
                                                "day ({} of them; the first: {})",
                                                what, path, got.timed, got.first_timed)});
            continue;
        }
        for (Holiday& h : got.holidays) {
            h.pos = c.holidays_from.pos;
            c.holidays.push_back(std::move(h));
        }
    }
}

}  // namespace

LoadResult load_portfolio(const Source& source, const LoadOptions& options) {
    LoadResult res;
    Portfolio& pf = res.portfolio;
    pf.root = source.root();

    // pmo.toml first: its excludes decide which files count.
    // A pmo.toml that is there but cannot be read is an error: skipping it would switch the
    // PMO's standards off and turn a failing CI gate green.
    std::string cfg_text, cfg_error;
    res.scope = scope_of(source);  // the whole tree only with a pmo.toml
    const bool cfg_exists = res.scope == Scope::tree;
    const bool have_cfg = cfg_exists && source.read("pmo.toml", cfg_text, cfg_error);
    std::vector<SourceEntry> entries = source.list(res.scope);
    std::vector<SourceEntry> kept;
    Config probe;
    Findings cfg_findings;
    if (have_cfg) detail::decode_config(cfg_text, -1, probe, cfg_findings);
    for (auto& e : entries) {
        bool excluded = false;
        for (const auto& g : probe.exclude)
            if (glob_match(g, e.path)) excluded = true;
        if (!excluded) kept.push_back(std::move(e));
    }
    if (cfg_exists) kept.push_back({"pmo.toml", have_cfg ? "" : cfg_error});
    std::sort(kept.begin(), kept.end(), [](const SourceEntry& a, const SourceEntry& b) { return a.path < b.path; });
    for (const auto& e : kept) pf.files.push_back(e.path);

    std::vector<FileResult> results(kept.size());
    std::set<std::string> unparsed_ids;
    std::atomic<size_t> next{0}, read{0};
    auto work = [&](bool caller) {
        std::string text, err;
        for (size_t i; (i = next.fetch_add(1)) < kept.size(); read.fetch_add(1)) {
            if (caller && options.progress) options.progress(read.load(), kept.size());
            const int32_t file = static_cast<int32_t>(i);
            FileResult& r = results[i];
            if (kept[i].path == "pmo.toml" && !kept[i].error.empty()) {
                r.findings.push_back({rule_id::invalid_config, Severity::error, Pos{file, 0, 0},
                                      fmt::format("cannot read: {}; the PMO's standards in it cannot be applied",
                                                  kept[i].error)});
                continue;
            }
            if (!kept[i].error.empty()) {
                r.findings.push_back({kept[i].warning ? rule_id::link_outside_root : rule_id::unreadable_file,
                                      kept[i].warning ? Severity::warning : Severity::error, Pos{file, 0, 0}, kept[i].error});
                continue;
            }
            if (kept[i].path == "pmo.toml") {
                // Decoded again with its real file index: cheap, and keeps positions right.
                detail::decode_config(cfg_text, file, pf.config, r.findings);
                continue;
            }
            if (!source.read(kept[i].path, text, err)) {
                r.findings.push_back({rule_id::unreadable_file, Severity::error, Pos{file, 0, 0}, "cannot read: " + err});
                continue;
            }
            if (!options.cache || !options.cache->impl().get(file, kept[i].path, text, r)) {
                detail::decode_file(text, file, r);
                if (r.kind == FileResult::none &&
                    std::any_of(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.rule == rule_id::yaml_syntax; }))
                    r.maybe_ids = ids_in_unparsed(kept[i].path, text);
                detail::scan_suppressions(text, file, r.suppressions, r.findings);
                if (options.cache) options.cache->impl().put(file, kept[i].path, text, r);
            }
            // Without a pmo.toml the root may hold anyone's YAML (docker-compose.yml, CI
            // settings): a file at the top that is not a pmo file is passed over, and named.
            if (res.scope == Scope::projects_and_top && r.foreign && kept[i].path.find('/') == std::string::npos) {
                r.findings.clear();
                r.suppressions.clear();
                r.passed_over = true;
            }
        }
    };
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, kept.size() / 4)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, false);
    work(true);
    for (auto& t : pool) t.join();
    if (options.progress) options.progress(kept.size(), kept.size());
    res.files_read = kept.size();

    for (size_t i = 0; i < results.size(); ++i) {
        FileResult& r = results[i];
        if (r.passed_over) res.passed_over.push_back(kept[i].path);
        unparsed_ids.insert(r.maybe_ids.begin(), r.maybe_ids.end());
        for (auto& f : r.findings) res.findings.push_back(std::move(f));
        for (auto& s : r.suppressions) pf.suppressions.push_back(std::move(s));
        if (r.kind == FileResult::project_file && !r.project.id.empty()) pf.projects.push_back(std::move(r.project));
        for (auto& c : r.calendars) pf.calendars.push_back(std::move(c));
        for (auto& x : r.resources) pf.resources.push_back(std::move(x));
    }
    results.clear();
    load_templates(source, pf, res);
    gate_files(source, pf);
    sort_and_dedupe(pf.projects, "project", res.findings);
    sort_and_dedupe(pf.calendars, "calendar", res.findings);
    sort_and_dedupe(pf.resources, "resource", res.findings);
    load_holidays(source, pf, res);
    Resolver(pf, res.findings, unparsed_ids).run();
    return res;
}

}  // namespace pmo
