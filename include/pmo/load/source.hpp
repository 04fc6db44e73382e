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

/// Where the portfolio's files come from: the working tree, or (later) a git revision.
class Source {
public:
    virtual ~Source() = default;
    /// Every `*.yaml`/`*.yml` below the root except dot-directories and `templates/`, sorted.
    virtual std::vector<SourceEntry> list() const = 0;
    /// Reads a file relative to the root; false with `error` set when it cannot.
    virtual bool read(const std::string& path, std::string& out, std::string& error) const = 0;
    /// Display name of the root, for messages.
    virtual std::string root() const = 0;
    /// Whether anything is there under that name, readable or not (a directory, a FIFO, a
    /// file without read permission): tells "no pmo.toml" from "a pmo.toml that cannot be read".
    virtual bool exists(const std::string& path) const {
        std::string text, error;
        return read(path, text, error);
    }
};

/// Files of a directory on disk. Never follows a link out of the root, and never loops.
class DirectorySource final : public Source {
public:
    explicit DirectorySource(std::string root);
    std::vector<SourceEntry> list() const override;
    bool read(const std::string& path, std::string& out, std::string& error) const override;
    std::string root() const override { return m_root; }
    bool exists(const std::string& path) const override;

private:
    std::string m_root;
};

/// The portfolio root for `dir`: the nearest directory at or above it holding an entry named
/// pmo.toml (even one that cannot be read: that is an error, not a reason to look further up),
/// else `dir`.
std::string find_root(const std::string& dir);

}  // namespace pmo
