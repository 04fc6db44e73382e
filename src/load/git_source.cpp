#include <pmo/load/git_source.hpp>
#include <pmo/load/changes.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <sstream>

namespace pmo {

int run_git(const std::string& dir, const std::vector<std::string>& args, const std::string& input, std::string& out,
            std::string& err) {
    // Everything the child needs is built before fork: between fork and exec only
    // async-signal-safe calls are allowed, and another thread may hold the allocator's lock.
    // Reading a repository must not run its code: core.fsmonitor runs a command from the
    // repository's config on every index refresh, hooks (post-index-change) on an index write;
    // no pager on a terminal, and a directory named ':x' is a path, not pathspec magic. pmo never
    // runs `git status` or `git diff`, which would also run clean filters and external diffs.
    std::vector<std::string> all{"git",          "--no-pager", "--no-optional-locks", "--literal-pathspecs",
                                 "-c",           "core.fsmonitor=false",
                                 "-c",           "core.hooksPath=/dev/null",
                                 "-C",           dir};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The child writes errno here when exec fails; a successful exec closes it unwritten.
    // Every pipe is close-on-exec (dup2 onto 0-2 clears the flag for the child's own ends):
    // two threads run git at once (report --trend), and a second child that inherited the
    // first one's stdin would hold it open, so the first git never saw end of input and
    // both waited for ever.
    int in_pipe[2], out_pipe[2], err_pipe[2], exec_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC) ||
        pipe2(exec_pipe, O_CLOEXEC))
        throw Error(std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) throw Error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // pmo turns SIGXFSZ into EFBIG for itself; git gets the default back (exec keeps SIG_IGN).
        signal(SIGXFSZ, SIG_DFL);
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], exec_pipe[0]}) close(fd);
        execvp("git", argv.data());
        const int e = errno;
        ssize_t ignored = write(exec_pipe[1], &e, sizeof e);
        (void)ignored;
        _exit(127);
    }
    close(exec_pipe[1]);
    int exec_errno = 0;
    ssize_t got;
    do got = read(exec_pipe[0], &exec_errno, sizeof exec_errno);
    while (got < 0 && errno == EINTR);
    close(exec_pipe[0]);
    if (got == static_cast<ssize_t>(sizeof exec_errno)) {
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
        waitpid(pid, nullptr, 0);
        throw Error(exec_errno == ENOENT ? std::string("git is not installed (no git command on PATH)")
                                            : fmt::format("cannot run git: {}", std::strerror(exec_errno)));
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    // git may exit before reading all of its input (a bad object, a closed stdin): the write
    // must fail with EPIPE, not kill pmo. SIGPIPE is held in this thread and a pending one
    // caused here is taken back before it is released.
    sigset_t pipe_set, previous_mask;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending_before;
    sigpending(&pending_before);
    const bool pipe_was_pending = sigismember(&pending_before, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set, &previous_mask);
    // Feed stdin while draining stdout and stderr, so neither side can block the other.
    size_t written = 0;
    if (input.empty()) close(in_pipe[1]);
    else fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
    bool in_open = !input.empty(), out_open = true, err_open = true;
    char buf[1 << 16];
    while (out_open || err_open) {
        pollfd fds[3];
        int n = 0;
        if (out_open) fds[n++] = {out_pipe[0], POLLIN, 0};
        if (err_open) fds[n++] = {err_pipe[0], POLLIN, 0};
        if (in_open) fds[n++] = {in_pipe[1], POLLOUT, 0};
        if (poll(fds, static_cast<nfds_t>(n), -1) < 0 && errno != EINTR) break;
        for (int k = 0; k < n; ++k) {
            if (!fds[k].revents) continue;
            if (fds[k].fd == in_pipe[1]) {
                const ssize_t w = write(in_pipe[1], input.data() + written, input.size() - written);
                if (w > 0) written += static_cast<size_t>(w);
                if (w < 0 && errno != EAGAIN) written = input.size();
                if (written >= input.size()) {
                    close(in_pipe[1]);
                    in_open = false;
                }
                continue;
            }
            const ssize_t r = read(fds[k].fd, buf, sizeof buf);
            if (r <= 0) {
                close(fds[k].fd);
                (fds[k].fd == out_pipe[0] ? out_open : err_open) = false;
            } else {
                (fds[k].fd == out_pipe[0] ? out : err).append(buf, static_cast<size_t>(r));
            }
        }
    }
    if (in_open) close(in_pipe[1]);
    sigset_t pending_after;
    sigpending(&pending_after);
    if (!pipe_was_pending && sigismember(&pending_after, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        sigtimedwait(&pipe_set, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

namespace {
std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

/// What git said on stderr, on one line: "fatal: detected dubious ownership ...; To add ...".
std::string said(const std::string& err) {
    std::string one;
    size_t at = 0;
    while (at < err.size()) {
        size_t nl = err.find('\n', at);
        if (nl == std::string::npos) nl = err.size();
        std::string line = trim(err.substr(at, nl - at));
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
        if (!line.empty()) one += (one.empty() ? "" : "; ") + line;
        at = nl + 1;
    }
    return one.empty() ? std::string("no message") : one;
}

/// The lines of git's stderr about object `id`, each with the line before it (inflate's reason).
std::string lines_about(const std::string& err, const std::string& id) {
    std::vector<std::string> lines;
    for (size_t at = 0; at < err.size();) {
        size_t nl = err.find('\n', at);
        if (nl == std::string::npos) nl = err.size();
        lines.push_back(trim(err.substr(at, nl - at)));
        at = nl + 1;
    }
    std::string picked;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].find(id) == std::string::npos) continue;
        if (i > 0 && lines[i - 1].find(id) == std::string::npos && !lines[i - 1].empty() &&
            picked.find(lines[i - 1]) == std::string::npos)
            picked += (picked.empty() ? "" : "; ") + lines[i - 1];
        picked += (picked.empty() ? "" : "; ") + lines[i];
    }
    return picked;
}

bool is_yaml_or_config(const std::string& rel) {
    return rel.ends_with(".yaml") || rel.ends_with(".yml") || rel == "pmo.toml";
}
}  // namespace

std::string git_not_readable(const std::string& root, const std::string& err) {
    if (err.find("not a git repository") != std::string::npos)
        return fmt::format("'{}' is not in a git repository, so --at and --baseline cannot read revisions", root);
    return fmt::format("git cannot read the repository of '{}': {}", root, said(err));
}

GitSource::GitSource(const std::string& root, const std::string& revision) : m_root(root) {
    std::string out, err;
    if (revision.empty() || revision[0] == '-') throw Error(fmt::format("'{}' is not a git revision", revision));
    // What git says is kept: another owner's repository (safe.directory) is not "not a repository".
    if (run_git(root, {"rev-parse", "--show-prefix"}, "", out, err) != 0) throw Error(git_not_readable(root, err));
    m_prefix = trim(out);
    out.clear();
    err.clear();
    if (run_git(root, {"rev-parse", "--verify", "--quiet", revision + "^{commit}"}, "", out, err) != 0)
        throw Error(unknown_revision(revision, err));
    m_commit = trim(out);
    out.clear();
    err.clear();
    // Every entry below the portfolio root at that commit, NUL-separated: "mode type id size\tpath".
    std::vector<std::string> args{"ls-tree", "-r", "-z", "-l", "--full-tree", m_commit};
    if (!m_prefix.empty()) args.push_back("--"), args.push_back(m_prefix);
    if (run_git(root, args, "", out, err) != 0) throw Error(fmt::format("git ls-tree {}: {}", revision, said(err)));
    std::vector<std::pair<std::string, std::string>> links;  // (path, blob id of its target's name)
    for (size_t at = 0; at < out.size();) {
        const size_t end = out.find('\0', at);
        const std::string entry = out.substr(at, end - at);
        at = end == std::string::npos ? out.size() : end + 1;
        const size_t tab = entry.find('\t');
        if (tab == std::string::npos) continue;
        const std::string meta = entry.substr(0, tab), path = entry.substr(tab + 1);
        if (path.size() < m_prefix.size() || path.compare(0, m_prefix.size(), m_prefix) != 0) continue;
        const std::string rel = path.substr(m_prefix.size());
        // "100644 blob <id>    <size>": fields separated by one space, the size padded.
        std::vector<std::string> fields;
        for (size_t f = 0; f < meta.size();) {
            const size_t sp = meta.find(' ', f);
            const std::string field = meta.substr(f, sp == std::string::npos ? std::string::npos : sp - f);
            if (!field.empty()) fields.push_back(field);
            f = sp == std::string::npos ? meta.size() : sp + 1;
        }
        if (fields.size() < 3) continue;
        if (!fields[0].starts_with("100")) {  // submodules are not followed; links only inside the root (below)
            m_special[rel] = fields[0] == "120000" ? "a symbolic link" : fields[1] == "commit" ? "a submodule" : fields[1];
            if (fields[0] == "120000") links.emplace_back(rel, fields[2]);
            continue;
        }
        m_objects[rel] = fields[2];
        if (fields.size() > 3 && is_yaml_or_config(rel)) {
            const uint64_t size = std::strtoull(fields[3].c_str(), nullptr, 10);
            if (size > kMaxFileBytes)
                m_errors[rel] = fmt::format("the file is {:.1f} MiB at {}, above the limit of {} MiB for a portfolio file",
                                            size / 1048576.0, m_commit.substr(0, 12), kMaxFileBytes >> 20);
        }
    }
    if (!links.empty()) follow_links(links);
}

namespace {
/// `a/b/../c` as `a/c`; empty when it leaves the root or is absolute.
std::string inside_root(const std::string& dir, const std::string& target) {
    if (target.empty() || target[0] == '/') return {};
    std::vector<std::string> parts;
    const std::string whole = dir.empty() ? target : dir + "/" + target;
    for (size_t at = 0; at <= whole.size();) {
        size_t slash = whole.find('/', at);
        if (slash == std::string::npos) slash = whole.size();
        const std::string part = whole.substr(at, slash - at);
        at = slash + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (parts.empty()) return {};
            parts.pop_back();
        } else parts.push_back(part);
    }
    std::string r;
    for (const std::string& p : parts) r += (r.empty() ? "" : "/") + p;
    return r;
}
}  // namespace

void GitSource::follow_links(const std::vector<std::pair<std::string, std::string>>& links) {
    // As on disk: a link to a file inside the portfolio reads as that file; one out of it is not read.
    std::string input, out, err;
    for (const auto& [rel, id] : links) input += id + "\n";
    if (run_git(m_root, {"cat-file", "--batch"}, input, out, err) != 0) return;  // left as links, not read
    std::map<std::string, std::string> target;
    size_t at = 0;
    for (const auto& [rel, id] : links) {
        const size_t nl = out.find('\n', at);
        if (nl == std::string::npos) break;
        const std::string header = out.substr(at, nl - at);
        if (header.ends_with(" missing")) {
            at = nl + 1;
            continue;
        }
        const uint64_t size = std::strtoull(header.c_str() + header.rfind(' ') + 1, nullptr, 10);
        if (nl + 1 + size > out.size()) break;
        const size_t slash = rel.rfind('/');
        target[rel] = inside_root(slash == std::string::npos ? "" : rel.substr(0, slash), out.substr(nl + 1, size));
        at = nl + 1 + size + 1;
    }
    // A link to a link: follow a few steps, as the file system would.
    for (int step = 0; step < 8; ++step)
        for (auto& [rel, to] : target)
            if (!to.empty() && m_objects.count(to) && !m_objects.count(rel)) {
                m_objects[rel] = m_objects.at(to);
                m_special.erase(rel);
            }
}

std::string GitSource::unknown_revision(const std::string& revision, const std::string& err) const {
    // A shallow clone (CI checks out one commit by default) ends where the history was cut.
    std::string out, err2;
    if (run_git(m_root, {"rev-parse", "--is-shallow-repository", "--git-path", "shallow"}, "", out, err2) == 0 &&
        out.starts_with("true\n")) {
        std::string path = trim(out.substr(5));
        if (!path.starts_with('/')) path = m_root + "/" + path;
        std::string cuts;
        if (std::FILE* f = std::fopen(path.c_str(), "r")) {
            char line[128];
            while (std::fgets(line, sizeof line, f)) cuts += (cuts.empty() ? "" : ", ") + trim(line).substr(0, 12);
            std::fclose(f);
        }
        return fmt::format("'{}' is not in this clone: it is shallow, and its history is cut at {}; fetch more history "
                           "with 'git fetch --deepen=N' or 'git fetch --unshallow' (in GitHub Actions, "
                           "actions/checkout with fetch-depth: 0)",
                           revision, cuts.empty() ? std::string("a commit") : cuts);
    }
    if (!trim(err).empty()) return fmt::format("'{}' cannot be read: git says: {}", revision, said(err));
    return fmt::format("'{}' is not a revision of this repository", revision);
}

std::vector<SourceEntry> GitSource::list(Scope scope) const {
    std::vector<SourceEntry> v;
    for (const auto& [rel, id] : m_objects) {
        if (!(rel.ends_with(".yaml") || rel.ends_with(".yml")) || !in_scope(scope, rel)) continue;
        // The same walk as on disk: no dot-directories, no templates/ at the root.
        bool hidden = rel.starts_with("templates/");
        for (size_t at = 0; at < rel.size() && !hidden; at = rel.find('/', at) == std::string::npos ? rel.size() : rel.find('/', at) + 1)
            hidden = rel[at] == '.';
        if (!hidden) v.push_back({rel, ""});
    }
    return v;
}

bool GitSource::exists(const std::string& path) const { return m_objects.count(path) > 0; }

bool GitSource::present(const std::string& path) const {
    return m_objects.count(path) > 0 || m_special.count(path) > 0;
}

void GitSource::load_blobs() const {
    std::vector<std::string> order;  // the files still to read, in the order they are asked for
    for (const auto& [rel, id] : m_objects)
        if (is_yaml_or_config(rel) && !m_errors.count(rel)) order.push_back(rel);
    // cat-file stops at the first object it cannot read (a corrupt one): that file gets git's
    // words, and the rest are asked again. Answers come one by one (no --buffer), so every
    // answer before the failure is complete.
    for (int rounds = 0; !order.empty(); ++rounds) {
        std::string input, out, err;
        for (const std::string& rel : order) input += m_objects.at(rel) + "\n";
        const int rc = run_git(m_root, {"cat-file", "--batch"}, input, out, err);
        size_t at = 0, answered = 0;
        for (; answered < order.size(); ++answered) {
            const std::string& rel = order[answered];
            const std::string& id = m_objects.at(rel);
            const size_t nl = out.find('\n', at);
            if (nl == std::string::npos) break;
            const std::string header = out.substr(at, nl - at);
            if (header.ends_with(" missing")) {
                // git answers "missing" for an object it cannot unpack too, and says why on stderr.
                const std::string why = lines_about(err, id);
                m_errors[rel] = why.empty() ? fmt::format("object {} of {} is missing from the repository "
                                                          "(a partial or damaged clone?)", id.substr(0, 12), rel)
                                            : fmt::format("object {} of {} is corrupt: git says: {}", id.substr(0, 12), rel, why);
                at = nl + 1;
                continue;
            }
            const size_t sp = header.rfind(' ');
            const uint64_t size = std::strtoull(header.c_str() + sp + 1, nullptr, 10);
            if (header.find(" blob ") == std::string::npos || nl + 1 + size > out.size()) break;
            m_blobs[rel] = out.substr(nl + 1, size);
            at = nl + 1 + size + 1;
        }
        if (answered == order.size()) return;
        // The object git could not read: the one its message names, else the next one asked.
        size_t bad = answered;
        for (size_t k = answered; k < order.size(); ++k)
            if (err.find(m_objects.at(order[k])) != std::string::npos) {
                bad = k;
                break;
            }
        const std::string& rel = order[bad];
        m_errors[rel] = fmt::format("object {} of {} is corrupt: git cat-file {}: {}", m_objects.at(rel).substr(0, 12),
                                    rel, rc == 0 ? "gave no answer" : "says", said(err));
        std::vector<std::string> rest;
        for (size_t k = answered; k < order.size(); ++k)
            if (k != bad && !m_blobs.count(order[k])) rest.push_back(order[k]);
        if (rounds == 100) {  // damaged beyond asking object by object
            for (const std::string& r : rest) m_errors[r] = m_errors[rel];
            return;
        }
        order = std::move(rest);
    }
}

bool GitSource::read(const std::string& path, std::string& out, std::string& error) const {
    std::call_once(m_once, [this] { load_blobs(); });
    if (auto e = m_errors.find(path); e != m_errors.end()) {
        error = e->second;
        return false;
    }
    auto it = m_blobs.find(path);
    if (it == m_blobs.end()) {
        auto sp = m_special.find(path);
        error = sp != m_special.end() ? fmt::format("{} in revision {}, not a file", sp->second, m_commit.substr(0, 12))
                                      : fmt::format("not in revision {}", m_commit.substr(0, 12));
        return false;
    }
    out = it->second;
    return true;
}

}  // namespace pmo

namespace pmo {

std::optional<Date> GitSource::commit_date() const {
    // The commit object's "committer NAME <EMAIL> SECONDS +HHMM" line: the day in the
    // committer's own time zone, as `git log --format=%cs` shows it.
    std::string out, err;
    if (run_git(m_root, {"cat-file", "commit", m_commit}, "", out, err) != 0) return std::nullopt;
    for (size_t at = 0; at < out.size();) {
        size_t nl = out.find('\n', at);
        if (nl == std::string::npos) nl = out.size();
        const std::string_view line(out.data() + at, nl - at);
        if (line.empty()) break;  // the headers end here; the message follows
        at = nl + 1;
        if (!line.starts_with("committer ")) continue;
        const size_t gt = line.rfind('>');
        if (gt == std::string_view::npos) return std::nullopt;
        long long seconds = 0;
        int zone = 0;
        if (std::sscanf(std::string(line.substr(gt + 1)).c_str(), " %lld %d", &seconds, &zone) != 2) return std::nullopt;
        const int sign = zone < 0 ? -1 : 1;
        const long long offset = sign * ((std::abs(zone) / 100) * 3600LL + (std::abs(zone) % 100) * 60LL);
        const long long local = seconds + offset;
        const long long day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
        if (day < INT32_MIN || day > INT32_MAX) return std::nullopt;
        return Date{static_cast<int32_t>(day)};
    }
    return std::nullopt;
}

GitProvenance read_provenance(const std::string& root, const std::string& at, const Source& now) {
    GitProvenance g;
    auto git = [&](const std::vector<std::string>& args, bool& ok, std::string* err_out) {
        std::string out, err;
        ok = run_git(root, args, "", out, err) == 0;
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
        if (err_out) *err_out = err;
        return out;
    };
    try {
        bool ok = false;
        std::string err;
        git({"rev-parse", "--show-toplevel"}, ok, &err);
        g.in_git = g.repository = ok;
        // Another owner's repository (safe.directory), a damaged one: git's words, not
        // "not a git repository".
        if (!ok && err.find("not a git repository") == std::string::npos) g.git_problem = git_not_readable(root, err);
    } catch (const Error&) {
        g.git_missing = true;  // everything but revisions still works
        return g;
    }
    if (!g.in_git) return g;
    bool ok = false;
    g.commit = git({"rev-parse", "--verify", "--quiet", (at.empty() ? "HEAD" : at) + "^{commit}"}, ok, nullptr);
    if (!ok) {
        g.in_git = false;  // a repository without a commit yet
        g.commit.clear();
        return g;
    }
    if (at.empty()) {
        try {
            g.dirty = !changes_between(GitSource(root, g.commit), now).empty();
        } catch (const Error& e) {
            throw Error(fmt::format("cannot compare the files with commit {}: {}", g.commit.substr(0, 12), e.what()));
        }
    }
    return g;
}

namespace {
/// git's output, or an Error with the last of what it said.
std::string git_output(const std::string& root, const std::vector<std::string>& args) {
    std::string out, err;
    if (run_git(root, args, "", out, err) != 0) {
        while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
        throw Error(err.empty() ? "git failed" : err);
    }
    return out;
}
}  // namespace

std::vector<CommitTime> first_parent_history(const std::string& root, const std::string& rev) {
    std::istringstream in(git_output(root, {"log", "--first-parent", "--format=%H %ct", rev, "--"}));
    std::vector<CommitTime> log;
    CommitTime c;
    while (in >> c.id >> c.time) log.push_back(c);
    return log;
}

long long commit_time(const std::string& root, const std::string& rev) {
    const std::string out = git_output(root, {"log", "-1", "--format=%ct", rev + "^{commit}", "--"});
    try {
        return std::stoll(out);
    } catch (const std::exception&) {
        throw Error(fmt::format("git gave no date for {}", rev));
    }
}

}  // namespace pmo
