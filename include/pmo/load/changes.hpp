#pragma once

#include <pmo/load/source.hpp>

#include <string>
#include <vector>

namespace pmo {

/// A portfolio file that differs between two sources.
struct FileChange {
    std::string status;  ///< added, modified, deleted, renamed
    std::string path;    ///< relative to the portfolio root
    std::string from;    ///< renamed from
};

/// The portfolio files (pmo.toml and every project and pool file) that differ between `then` and
/// `now`, by content, sorted by path. Comparing contents, rather than asking `git diff`, keeps
/// the index untouched (git diff refreshes it) and counts new files not yet in git. A file that
/// cannot be read throws Error: it is never "absent".
std::vector<FileChange> changes_between(const Source& then, const Source& now);

}  // namespace pmo
