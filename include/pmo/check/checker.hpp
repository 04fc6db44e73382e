#pragma once

#include <pmo/load/loader.hpp>

#include <optional>
#include <set>

namespace pmo {

struct CheckOptions {
    std::optional<Date> as_of;           ///< default: each project's status.date, else today
    Date today;                          ///< today's date, read once by the caller (cli's Context)
    std::set<std::string> projects;      ///< empty: all
    Findings extra;  ///< found elsewhere (change control on the diff): severities and suppressions apply
};

struct CheckResult {
    Findings findings;  ///< sorted by file, line, column, rule; suppressed and `off` ones removed
    size_t suppressed = 0;
    size_t files = 0;
    size_t errors = 0, warnings = 0, infos = 0;
    bool format_errors = false;  ///< the model is unusable: exit status 2

    int exit_code() const { return format_errors ? 2 : errors ? 1 : 0; }
};


/// Runs every standards rule over a loaded portfolio, applies severities from pmo.toml and
/// `# pmo: ignore` suppressions, and merges in the loader's findings.
CheckResult check_portfolio(const LoadResult& loaded, const CheckOptions& options = {});

/// The PMO's policy over findings from anywhere (the checker, the scheduler's deadline-missed):
/// each rule's severity under pmo.toml (`off` ones dropped), `# pmo: ignore` suppressions on the
/// finding's line or the one above, and with `report_unused`, suppressions that hit nothing.
/// Sorted and counted.
CheckResult apply_policy(Findings findings, const Portfolio& portfolio, bool report_unused = false);

struct Rule;
/// The severity a rule's findings have under this PMO's [pmo] type and [rules].
Severity effective_severity(const Rule& rule, const Config& config);

/// Sorts findings into output order.
void sort_findings(Findings& f, const Portfolio& p);

}  // namespace pmo
