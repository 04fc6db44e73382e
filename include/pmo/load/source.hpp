#pragma once

#include <string>
#include <vector>

namespace pmo {

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
};

/// Files of a directory on disk. Never follows a link out of the root, and never loops.
class DirectorySource final : public Source {
public:
    explicit DirectorySource(std::string root);
    std::vector<SourceEntry> list() const override;
    bool read(const std::string& path, std::string& out, std::string& error) const override;
    std::string root() const override { return m_root; }

private:
    std::string m_root;
};

/// The portfolio root for `dir`: the nearest directory at or above it holding pmo.toml, else `dir`.
std::string find_root(const std::string& dir);

}  // namespace pmo
