#pragma once

#include <pmo/load/source.hpp>
#include <pmo/model/portfolio.hpp>

namespace pmo {

struct LoadOptions {
    unsigned threads = 0;  ///< 0: one per core
};

/// Loads and cross-checks a portfolio. Every problem with the format (syntax, unknown keys, wrong
/// types, duplicate ids, unknown references, dependency cycles) is a finding in `findings`.
/// When any of them is an error, the model is not fit for scheduling.
struct LoadResult {
    Portfolio portfolio;
    Findings findings;
    size_t files_read = 0;

    bool usable() const;
};

LoadResult load_portfolio(const Source& source, const LoadOptions& options = {});

/// Matches a '/'-separated path against a glob with `*`, `?` and `**`.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace pmo
