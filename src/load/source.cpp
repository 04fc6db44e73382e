#include <pmo/load/source.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <fmt/format.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pmo {

std::string find_root(const std::string& dir) {
    std::error_code ec;
    fs::path start = fs::absolute(dir, ec);
    if (ec) return dir;
    start = start.lexically_normal();
    for (fs::path p = start;; p = p.parent_path()) {
        if (fs::exists(fs::symlink_status(p / "pmo.toml", ec))) return p.string();
        if (p == p.parent_path() || p.empty()) break;
    }
    return start.string();
}

DirectorySource::DirectorySource(std::string root) : m_root(std::move(root)) {
    while (m_root.size() > 1 && m_root.back() == '/') m_root.pop_back();
}

namespace {
bool is_yaml(const std::string& name) {
    return name.ends_with(".yaml") || name.ends_with(".yml");
}
bool inside(const fs::path& root, const fs::path& p) {
    auto r = root.begin();
    auto q = p.begin();
    for (; r != root.end(); ++r, ++q)
        if (q == p.end() || *r != *q) return false;
    return true;
}
}  // namespace

std::vector<SourceEntry> DirectorySource::list(Scope scope) const {
    std::vector<SourceEntry> out;
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(m_root, ec);
    std::set<fs::path> seen_dirs;  // canonical directories already walked: symlink loops end here
    std::vector<std::pair<fs::path, std::string>> stack{{root, ""}};
    seen_dirs.insert(root);
    while (!stack.empty()) {
        auto [dir, rel] = std::move(stack.back());
        stack.pop_back();
        fs::directory_iterator it(dir, ec), end;
        if (ec) {
            out.push_back({rel.empty() ? "." : rel, "cannot read directory: " + ec.message()});
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) break;
            const std::string name = it->path().filename().string();
            const std::string r = rel.empty() ? name : rel + "/" + name;
            if (name.starts_with(".")) continue;
            std::error_code e2;
            const bool link = it->is_symlink(e2);
            const bool dir_entry = it->is_directory(e2);
            if (dir_entry) {
                if (rel.empty() && (name == "templates" || !in_scope(scope, name + "/"))) continue;
                fs::path canon = fs::canonical(it->path(), e2);
                if (e2) continue;
                if (link && !inside(root, canon)) {
                    out.push_back({r, "symbolic link leads outside the portfolio; not followed", true});
                    continue;
                }
                if (!seen_dirs.insert(canon).second) continue;
                stack.emplace_back(canon, r);
                continue;
            }
            if (!is_yaml(name)) continue;
            if (link) {
                fs::path canon = fs::canonical(it->path(), e2);
                if (e2) {
                    out.push_back({r, "broken symbolic link"});
                    continue;
                }
                if (!inside(root, canon)) {
                    out.push_back({r, "symbolic link leads outside the portfolio; not followed", true});
                    continue;
                }
            }
            out.push_back({r, ""});
        }
        if (ec) out.push_back({rel.empty() ? "." : rel, "cannot read directory: " + ec.message()});
    }
    std::sort(out.begin(), out.end(), [](const SourceEntry& a, const SourceEntry& b) { return a.path < b.path; });
    return out;
}

bool DirectorySource::exists(const std::string& path) const {
    struct stat st{};
    return ::stat((m_root + "/" + path).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool DirectorySource::present(const std::string& path) const {
    struct stat st{};
    return ::lstat((m_root + "/" + path).c_str(), &st) == 0;
}

namespace {
std::string_view file_kind(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a plain file";
}
std::string too_large(uint64_t bytes) {
    return fmt::format("the file is {:.1f} MiB, above the limit of {} MiB for a portfolio file", bytes / 1048576.0,
                       kMaxFileBytes >> 20);
}
}  // namespace

bool DirectorySource::read(const std::string& path, std::string& out, std::string& error) const {
    const std::string full = m_root + "/" + path;
    // O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read.
    const int fd = ::open(full.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        error = S_ISDIR(st.st_mode) ? std::string("is a directory")
                                    : fmt::format("not a regular file ({}); only regular files are read", file_kind(st.st_mode));
        ::close(fd);
        return false;
    }
    if (static_cast<uint64_t>(st.st_size) > kMaxFileBytes) {
        error = too_large(static_cast<uint64_t>(st.st_size));
        ::close(fd);
        return false;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    out.clear();
    out.reserve(static_cast<size_t>(st.st_size));
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::strerror(errno);
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
        if (out.size() > kMaxFileBytes) {  // it grew while being read
            error = too_large(out.size());
            ::close(fd);
            return false;
        }
    }
    ::close(fd);
    return true;
}

}  // namespace pmo
