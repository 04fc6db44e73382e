#pragma once

#include <pmo/check/checker.hpp>

#include <functional>
#include <ostream>

namespace pmo {

enum class FindingsFormat { text, json, sarif, github, junit };

struct FindingsStyle {
    bool color = false;
    /// Returns line `line` (1-based) of file `file`, for the source excerpt under a finding; empty
    /// disables excerpts.
    std::function<std::string(int32_t file, uint32_t line)> source_line;
};

/// "file:line:col" (or "file" when the line is unknown), as compilers print it.
std::string location(const Portfolio& p, Pos pos);

void render_findings(std::ostream& out, FindingsFormat format, const CheckResult& result, const Portfolio& p,
                     const FindingsStyle& style = {});

/// "3 errors, 1 warning (2 suppressed) in 12 files".
std::string findings_summary(const CheckResult& result);

}  // namespace pmo
