#include <pmo/load/source.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <cstdio>
#include <set>

namespace fs = std::filesystem;

namespace pmo {

std::string find_root(const std::string& dir) {
    std::error_code ec;
    fs::path start = fs::absolute(dir, ec);
    if (ec) return dir;
    start = start.lexically_normal();
    for (fs::path p = start;; p = p.parent_path()) {
        if (fs::is_regular_file(p / "pmo.toml", ec)) return p.string();
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

std::vector<SourceEntry> DirectorySource::list() const {
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
                if (rel.empty() && name == "templates") continue;
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

bool DirectorySource::read(const std::string& path, std::string& out, std::string& error) const {
    const std::string full = m_root + "/" + path;
    std::error_code ec;
    if (fs::is_directory(full, ec)) {
        error = "is a directory";
        return false;
    }
    std::FILE* f = std::fopen(full.c_str(), "rb");
    if (!f) {
        error = std::strerror(errno);
        return false;
    }
    out.clear();
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) error = "read error";
    return !failed;
}

}  // namespace pmo
