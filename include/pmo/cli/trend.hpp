#pragma once

#include <pmo/analyse/trend.hpp>
#include <pmo/cli/context.hpp>

namespace pmo {

/// What --trend and --trend-since read, besides the report's own plan.
struct TrendRequest {
    int weeks = 0;          ///< --trend N
    std::string since;      ///< --trend-since REV
    std::string root;       ///< the portfolio directory
    std::string anchor;     ///< the commit the report reads (HEAD, or --at)
    PlanOptions plan;       ///< as the report plans
    StatusOptions status;   ///< as the report analyses (its projects are matched by id)
    const Pmb* pmb = nullptr;  ///< the baseline revision's plan; null: each revision's own plan without progress
};

/// The portfolio at the last commit of each of the past weeks (first-parent history of the
/// anchor, by committer date in UTC), read with git without touching the working tree,
/// planned and analysed on two cores, then the report now as the last point. Throws Error
/// when a revision cannot be read; a revision whose files cannot be planned is left out with a
/// note on `ctx.err`.
Trend collect_trend(const Context& ctx, const TrendRequest& r, const Portfolio& now, const PortfolioStatus& now_status);

}  // namespace pmo
