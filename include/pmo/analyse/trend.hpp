#pragma once

#include <pmo/analyse/report.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pmo {

/// One milestone of a project at one past status.
struct TrendMilestone {
    std::string task;  ///< its id (milestones are matched by id across revisions)
    std::string name;
    Date forecast;
    bool done = false;
};

/// One project as the report saw it at one past status.
struct TrendProject {
    std::string id;
    Date status_date;
    Rag overall = Rag::none;
    std::optional<double> spi, cpi;
    Date forecast_finish;
    double pv = 0, ev = 0;
    std::optional<double> ac;
    bool money = true;
    std::vector<TrendMilestone> milestones;
};

/// The portfolio at one revision: the last commit of a week, or the files read now.
struct TrendPoint {
    std::string commit;  ///< empty: the files the report reads now
    Date week;           ///< the Monday of the week the commit was made in
    std::vector<TrendProject> projects;
    const TrendProject* find(std::string_view id) const;
};

/// The statuses a trend is made of, oldest first; the last one is now.
struct Trend {
    int weeks = 0;
    std::string since;  ///< --trend-since REV as given
    std::vector<TrendPoint> points;
    std::vector<std::string> left_out;  ///< why a revision is not a point: its files cannot be planned
};

/// What --trend and --trend-since read, besides the report's own plan.
struct TrendRequest {
    int weeks = 0;             ///< --trend N
    std::string since;         ///< --trend-since REV
    std::string root;          ///< the portfolio directory
    std::string anchor;        ///< the commit the report reads (HEAD, or --at)
    PlanOptions plan;          ///< as the report plans
    StatusOptions status;      ///< as the report analyses (its projects are matched by id)
    const Pmb* pmb = nullptr;  ///< the baseline revision's plan; null: each revision's own plan without progress
};

/// The portfolio at the last commit of each of the past weeks (first-parent history of the
/// anchor, by committer date in UTC), read with git without touching the working tree,
/// planned and analysed on two cores, then the report now as the last point. Throws Error
/// when a revision cannot be read; a revision whose files cannot be planned is left out, and
/// `left_out` says why.
Trend collect_trend(const TrendRequest& r, const Portfolio& now, const PortfolioStatus& now_status);

/// What a report at that revision said, in the trend's terms.
TrendPoint trend_point(const Portfolio& pf, const PortfolioStatus& status);

enum class Direction { better, same, worse, unknown };
/// A project now against the oldest point of the trend: the overall RAG first; with the same
/// colour, an earlier forecast finish is better and a later one worse. Unknown when the project
/// was not there then.
Direction trend_direction(const Trend& t, std::string_view project);

}  // namespace pmo
