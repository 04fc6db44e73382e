#include <pmo/analyse/trend.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/load/loader.hpp>
#include <pmo/model/error.hpp>

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <future>
#include <map>

namespace pmo {

const TrendProject* TrendPoint::find(std::string_view id) const {
    for (const TrendProject& p : projects)
        if (p.id == id) return &p;
    return nullptr;
}

TrendPoint trend_point(const Portfolio& pf, const PortfolioStatus& status) {
    TrendPoint t;
    for (const ProjectStatus& st : status.projects) {
        const Project& p = pf.projects[static_cast<size_t>(st.project)];
        TrendProject tp;
        tp.id = p.id;
        tp.status_date = st.status_date;
        tp.overall = st.overall;
        tp.spi = st.ev.spi;
        tp.cpi = st.ev.cpi;
        tp.forecast_finish = st.forecast_finish;
        tp.pv = st.ev.pv;
        tp.ev = st.ev.ev;
        tp.ac = st.ev.ac;
        tp.money = st.ev.money;
        for (const MilestoneStatus& m : st.milestones) {
            const Task& task = p.tasks[static_cast<size_t>(m.task)];
            tp.milestones.push_back({task.id, task.name ? task.name.value : task.id, m.forecast, m.done});
        }
        t.projects.push_back(std::move(tp));
    }
    return t;
}

Direction trend_direction(const Trend& t, std::string_view project) {
    if (t.points.size() < 2) return Direction::unknown;
    const TrendProject* then = t.points.front().find(project);
    const TrendProject* now = t.points.back().find(project);
    if (!then || !now) return Direction::unknown;
    // Red is worst; a project without a colour is compared by its finish only.
    if (now->overall != then->overall && now->overall != Rag::none && then->overall != Rag::none)
        return static_cast<int>(now->overall) < static_cast<int>(then->overall) ? Direction::better : Direction::worse;
    if (now->forecast_finish < then->forecast_finish) return Direction::better;
    if (now->forecast_finish > then->forecast_finish) return Direction::worse;
    return Direction::same;
}

namespace {

Date monday_of(long long seconds) {
    const Date d{static_cast<int32_t>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)};
    return d - d.weekday();
}

/// The report at one revision, in the trend's terms; nullopt when its files cannot be planned.
std::optional<TrendPoint> point_at(const TrendRequest& r, const std::string& commit, DecodeCache& cache, std::string& note) {
    LoadResult loaded;
    try {
        const GitSource src(r.root, commit);
        loaded = load_portfolio(src, LoadOptions{.threads = 1, .progress = {}, .cache = &cache});
    } catch (const Error& e) {
        throw Error(fmt::format("--trend: {}: {}", commit.substr(0, 12), e.what()));
    }
    if (!loaded.usable()) {
        note = fmt::format("the portfolio at {} cannot be planned (see 'pmo check --at {}')", commit.substr(0, 12),
                           commit.substr(0, 12));
        return std::nullopt;
    }
    const Portfolio& pf = loaded.portfolio;
    // As the report then: each project at its own status date of that revision.
    PlanOptions o = r.plan;
    o.as_of.reset();
    StatusOptions so = r.status;
    so.as_of.reset();
    so.projects.clear();  // all of them; the trend keeps the report's own by id
    try {
        const Plan plan = make_plan(pf, o);
        Portfolio stripped;
        Plan stripped_plan;
        Pmb pmb;
        if (r.pmb) pmb = *r.pmb;
        else {
            stripped_plan = plan_without_progress(pf, o, stripped);
            pmb = {&stripped, &stripped_plan};
        }
        TrendPoint t = trend_point(pf, portfolio_status(pf, plan, pmb, nullptr, so));
        t.commit = commit;
        return t;
    } catch (const Error& e) {
        note = fmt::format("the portfolio at {} cannot be planned: {}", commit.substr(0, 12), e.what());
        return std::nullopt;
    }
}

}  // namespace

Trend collect_trend(const TrendRequest& r, const Portfolio& now, const PortfolioStatus& now_status) {
    Trend trend;
    trend.weeks = r.weeks;
    trend.since = r.since;
    // The first-parent history of the commit read, newest first, with committer dates.
    std::vector<CommitTime> log;
    try {
        log = first_parent_history(r.root, r.anchor);
    } catch (const Error& e) {
        throw Error(fmt::format("--trend: {}", e.what()));
    }
    if (log.empty()) throw Error("--trend: no history");
    const Date w0 = monday_of(log.front().time);
    int weeks = r.weeks;
    if (!r.since.empty()) {
        long long since = 0;
        try {
            since = commit_time(r.root, r.since);
        } catch (const Error& e) {
            throw Error(fmt::format("--trend-since {}: {}", r.since, e.what()));
        }
        const Date since_week = monday_of(since);
        weeks = std::max(0, (w0 - since_week) / 7);
    }
    // Week k back: the last commit made before the Monday that ends it.
    std::vector<std::pair<Date, std::string>> weekly;  // (the week's Monday, commit), oldest first
    for (int k = weeks; k >= 1; --k) {
        const long long cutoff = static_cast<long long>((w0 - 7 * (k - 1)).days) * 86400;
        auto it = std::find_if(log.begin(), log.end(), [&](const CommitTime& c) { return c.time < cutoff; });
        if (it != log.end()) weekly.push_back({w0 - 7 * k, it->id});
    }
    // Each distinct commit planned once, two at a time.
    std::vector<std::string> commits;
    for (const auto& [week, id] : weekly)
        if (std::find(commits.begin(), commits.end(), id) == commits.end()) commits.push_back(id);
    std::vector<std::optional<TrendPoint>> results(commits.size());
    std::vector<std::string> notes(commits.size());
    std::atomic<size_t> next{0};
    DecodeCache cache;  // from one week to the next most files are the same: decoded once
    auto worker = [&] {
        for (size_t i; (i = next++) < commits.size();) results[i] = point_at(r, commits[i], cache, notes[i]);
    };
    {
        auto other = std::async(std::launch::async, worker);
        worker();
        other.get();
    }
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < commits.size(); ++i) {
        index[commits[i]] = i;
        if (!notes[i].empty()) trend.left_out.push_back(notes[i]);
    }
    std::vector<std::string> ids;
    for (const ProjectStatus& st : now_status.projects) ids.push_back(now.projects[static_cast<size_t>(st.project)].id);
    for (const auto& [week, id] : weekly) {
        const auto& res = results[index[id]];
        if (!res) continue;
        TrendPoint p = *res;
        p.week = week;
        // Only the projects the report shows.
        std::erase_if(p.projects, [&](const TrendProject& x) { return std::find(ids.begin(), ids.end(), x.id) == ids.end(); });
        trend.points.push_back(std::move(p));
    }
    TrendPoint current = trend_point(now, now_status);
    current.week = w0;
    trend.points.push_back(std::move(current));
    return trend;
}

}  // namespace pmo
