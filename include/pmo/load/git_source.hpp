#pragma once

#include <pmo/load/source.hpp>
#include <pmo/model/date.hpp>
#include <pmo/model/error.hpp>

#include <map>
#include <mutex>
#include <optional>

namespace pmo {

/// The portfolio as it was at a git revision, read with the git command (`ls-tree`, and one
/// `cat-file --batch` for every file); never touches the working tree or the index.
class GitSource final : public Source {
public:
    /// `root`: the portfolio directory in the working tree (may be below the repository's top).
    GitSource(const std::string& root, const std::string& revision);
    std::vector<SourceEntry> list(Scope scope) const override;
    bool read(const std::string& path, std::string& out, std::string& error) const override;
    std::string root() const override { return m_root; }
    bool exists(const std::string& path) const override;
    bool present(const std::string& path) const override;
    /// The full commit id the revision names.
    const std::string& commit() const { return m_commit; }
    /// The day the commit was made (its committer date, in the committer's time zone).
    std::optional<Date> commit_date() const;

private:
    void load_blobs() const;
    void follow_links(const std::vector<std::pair<std::string, std::string>>& links);
    std::string unknown_revision(const std::string& revision, const std::string& err) const;

    std::string m_root, m_prefix, m_commit;

    std::map<std::string, std::string> m_objects;  ///< path below the root -> blob id
    std::map<std::string, std::string> m_special;  ///< links and submodules: path -> what it is
    mutable std::once_flag m_once;
    mutable std::map<std::string, std::string> m_blobs;
    mutable std::map<std::string, std::string> m_errors;  ///< path -> why it cannot be read (too large, corrupt)
};

/// Why git cannot read the repository of `root`, from what it said on stderr: "not in a git
/// repository" only when git says so (not for another owner's repository, say).
std::string git_not_readable(const std::string& root, const std::string& err);

/// What a portfolio was read from, as git sees it.
struct GitProvenance {
    bool in_git = false;       ///< in a git repository with a commit to read
    bool repository = false;   ///< in a git repository, with or without a commit
    bool git_missing = false;  ///< the git command is not installed
    std::string git_problem;   ///< git refuses the repository (another owner's, damaged): what it said
    std::string commit;        ///< the commit read: `at`, else HEAD
    bool dirty = false;        ///< without `at`: the files read (`now`) differ from that commit
};

/// The provenance of the portfolio at `root` read at revision `at` (empty: the files as they are,
/// compared with HEAD by content; `git status` would run the repository's clean filters and, unless
/// told, its fsmonitor). Throws Error when the files cannot be compared with the commit.
GitProvenance read_provenance(const std::string& root, const std::string& at, const Source& now);

/// A commit, with its committer date.
struct CommitTime {
    std::string id;
    long long time = 0;  ///< seconds since the epoch
};

/// The first-parent history of `rev` in the repository of `root`, newest first. Throws Error
/// with what git said when it cannot be read.
std::vector<CommitTime> first_parent_history(const std::string& root, const std::string& rev);

/// The committer date of `rev`, in seconds since the epoch. Throws Error with what git said.
long long commit_time(const std::string& root, const std::string& rev);

/// Runs git with `args` in `dir`, feeding `input`; returns its exit status, stdout and stderr.
/// Throws Error when the git command itself cannot be run (not installed).
int run_git(const std::string& dir, const std::vector<std::string>& args, const std::string& input, std::string& out,
            std::string& err);

}  // namespace pmo
