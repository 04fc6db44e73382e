#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pmo {

/// The largest file pmo reads (64 MiB, three times the largest portfolio of the benchmarks):
/// a bigger one is refused by name before it is read (man pmo(1), FILES).
constexpr uint64_t kMaxFileBytes = uint64_t{64} << 20;

/// A file the source offers, with a problem found while listing it (unreadable, link outside).
struct SourceEntry {
    std::string path;   ///< relative to the root, '/'-separated
    std::string error;  ///< empty when the file can be read
    bool warning = false;  ///< the problem leaves the rest usable (a link out of the root)
};

/// Which files a portfolio is read from. With a pmo.toml, every YAML file below the root; without
/// one, the root may be any directory (a home, /tmp, a repository of something else), so only
/// the files at the root and in `projects/`, `resources/` and `calendars/` (where `pmo init` and
/// `pmo import` put them) are read (man pmo(1), FILES).
enum class Scope { tree, projects_and_top };

/// Whether a '/'-separated path relative to the root is in the scope.
inline bool in_scope(Scope scope, const std::string& path) {
    return scope == Scope::tree || path.find('/') == std::string::npos || path.starts_with("projects/") ||
           path.starts_with("resources/") || path.starts_with("calendars/");
}

/// Where the portfolio's files come from: the working tree, or a git revision.
class Source {
public:
    virtual ~Source() = default;
    /// Every `*.yaml`/`*.yml` in the scope except those in dot-directories and `templates/`, sorted.
    virtual std::vector<SourceEntry> list(Scope scope) const = 0;
    /// Reads a file relative to the root; false with `error` set when it cannot.
    virtual bool read(const std::string& path, std::string& out, std::string& error) const = 0;
    /// Display name of the root, for messages.
    virtual std::string root() const = 0;
    /// Whether a regular file is there under that name (a link to one counts), readable or
    /// not; a directory or a FIFO is not: what a [[gate]] criterion's "files that must exist" means.
    virtual bool exists(const std::string& path) const {
        std::string text, error;
        return read(path, text, error);
    }
    /// Whether anything is there under that name, readable or not (a directory, a FIFO, a
    /// file without read permission): tells "no pmo.toml" from "a pmo.toml that cannot be read".
    virtual bool present(const std::string& path) const { return exists(path); }
};

/// The scope a source's portfolio is read in: the whole tree when it has a pmo.toml.
inline Scope scope_of(const Source& source) {
    return source.present("pmo.toml") ? Scope::tree : Scope::projects_and_top;
}

/// Files of a directory on disk. Never follows a link out of the root, and never loops.
class DirectorySource final : public Source {
public:
    explicit DirectorySource(std::string root);
    std::vector<SourceEntry> list(Scope scope) const override;
    bool read(const std::string& path, std::string& out, std::string& error) const override;
    std::string root() const override { return m_root; }
    bool exists(const std::string& path) const override;
    bool present(const std::string& path) const override;

private:
    std::string m_root;
};

/// The portfolio root for `dir`: the nearest directory at or above it holding an entry named
/// pmo.toml (even one that cannot be read: that is an error, not a reason to look further up),
/// else `dir`.
std::string find_root(const std::string& dir);

}  // namespace pmo
