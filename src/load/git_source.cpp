#include <pmo/load/git_source.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace pmo {

int run_git(const std::string& dir, const std::vector<std::string>& args, const std::string& input, std::string& out,
            std::string& err) {
    // Everything the child needs is built before fork: between fork and exec only
    // async-signal-safe calls are allowed, and another thread may hold the allocator's lock.
    std::vector<std::string> all{"git", "-C", dir};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The child writes errno here when exec fails; a successful exec closes it unwritten.
    int in_pipe[2], out_pipe[2], err_pipe[2], exec_pipe[2];
    if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe) || pipe2(exec_pipe, O_CLOEXEC))
        throw GitError(std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) throw GitError(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
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
        throw GitError(exec_errno == ENOENT ? std::string("git is not installed (no git command on PATH)")
                                            : fmt::format("cannot run git: {}", std::strerror(exec_errno)));
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
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
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

namespace {
std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}
}  // namespace

GitSource::GitSource(const std::string& root, const std::string& revision) : m_root(root) {
    std::string out, err;
    if (revision.empty() || revision[0] == '-') throw GitError(fmt::format("'{}' is not a git revision", revision));
    if (run_git(root, {"rev-parse", "--show-prefix"}, "", out, err) != 0)
        throw GitError(fmt::format("'{}' is not in a git repository, so --at and --baseline cannot read revisions", root));
    m_prefix = trim(out);
    out.clear();
    err.clear();
    if (run_git(root, {"rev-parse", "--verify", "--quiet", revision + "^{commit}"}, "", out, err) != 0)
        throw GitError(fmt::format("'{}' is not a revision of this repository", revision));
    m_commit = trim(out);
    out.clear();
    err.clear();
    // Every blob below the portfolio root at that commit, NUL-separated: "mode type id\tpath".
    std::vector<std::string> args{"ls-tree", "-r", "-z", "--full-tree", m_commit};
    if (!m_prefix.empty()) args.push_back("--"), args.push_back(m_prefix);
    if (run_git(root, args, "", out, err) != 0) throw GitError(fmt::format("git ls-tree {}: {}", revision, trim(err)));
    for (size_t at = 0; at < out.size();) {
        const size_t end = out.find('\0', at);
        const std::string entry = out.substr(at, end - at);
        at = end == std::string::npos ? out.size() : end + 1;
        const size_t tab = entry.find('\t');
        if (tab == std::string::npos) continue;
        const std::string meta = entry.substr(0, tab), path = entry.substr(tab + 1);
        if (!meta.starts_with("100")) continue;  // regular files only: links and submodules are not followed
        if (path.size() < m_prefix.size() || path.compare(0, m_prefix.size(), m_prefix) != 0) continue;
        const std::string rel = path.substr(m_prefix.size());
        m_objects[rel] = meta.substr(meta.rfind(' ') + 1);
    }
}

std::vector<SourceEntry> GitSource::list() const {
    std::vector<SourceEntry> v;
    for (const auto& [rel, id] : m_objects) {
        if (!(rel.ends_with(".yaml") || rel.ends_with(".yml"))) continue;
        // The same walk as on disk: no dot-directories, no templates/ at the root.
        bool hidden = rel.starts_with("templates/");
        for (size_t at = 0; at < rel.size() && !hidden; at = rel.find('/', at) == std::string::npos ? rel.size() : rel.find('/', at) + 1)
            hidden = rel[at] == '.';
        if (!hidden) v.push_back({rel, ""});
    }
    return v;
}

void GitSource::load_blobs() const {
    std::string input, out, err;
    std::vector<std::string> order;
    for (const auto& [rel, id] : m_objects)
        if (rel.ends_with(".yaml") || rel.ends_with(".yml") || rel == "pmo.toml") {
            input += id + "\n";
            order.push_back(rel);
        }
    if (run_git(m_root, {"cat-file", "--batch"}, input, out, err) != 0) {
        m_blob_error = "git cat-file: " + trim(err);
        return;
    }
    // Each answer: "<id> blob <size>\n<content>\n".
    size_t at = 0;
    for (const std::string& rel : order) {
        const size_t nl = out.find('\n', at);
        if (nl == std::string::npos) break;
        const std::string header = out.substr(at, nl - at);
        if (header.find(" blob ") == std::string::npos) {  // "<id> missing"
            at = nl + 1;
            continue;
        }
        const size_t size = std::stoul(header.substr(header.rfind(' ') + 1));
        m_blobs[rel] = out.substr(nl + 1, size);
        at = nl + 1 + size + 1;
    }
}

bool GitSource::read(const std::string& path, std::string& out, std::string& error) const {
    std::call_once(m_once, [this] { load_blobs(); });
    auto it = m_blobs.find(path);
    if (it == m_blobs.end()) {
        error = m_blob_error.empty() ? fmt::format("not in revision {}", m_commit.substr(0, 12)) : m_blob_error;
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

}  // namespace pmo
