#pragma once
// Test helpers: portfolios from strings.

#include <pmo/check/checker.hpp>
#include <pmo/load/loader.hpp>
#include <pmo/render/findings.hpp>

#include <map>
#include <sstream>
#include <string>

namespace pmo::test {

/// A portfolio held in memory: path -> text.
class MemorySource final : public Source {
public:
    explicit MemorySource(std::map<std::string, std::string> files) : m_files(std::move(files)) {}
    std::vector<SourceEntry> list(Scope scope) const override {
        std::vector<SourceEntry> v;
        for (const auto& [k, t] : m_files)
            if ((k.ends_with(".yaml") || k.ends_with(".yml")) && !k.starts_with("templates/") && in_scope(scope, k))
                v.push_back({k, ""});
        return v;
    }
    bool read(const std::string& path, std::string& out, std::string& error) const override {
        auto it = m_files.find(path);
        if (it == m_files.end()) {
            error = "No such file or directory";
            return false;
        }
        out = it->second;
        return true;
    }
    std::string root() const override { return "/mem"; }

private:
    std::map<std::string, std::string> m_files;
};

inline LoadResult load(std::map<std::string, std::string> files) {
    MemorySource src(std::move(files));
    return load_portfolio(src, LoadOptions{.threads = 1, .progress = {}});
}

/// The day the unit tests take as today (the library never reads the clock; cli's Context does).
inline Date today() { return Date::from_ymd(2026, 12, 3); }

/// CheckOptions with today() as today.
inline CheckOptions check_options() {
    CheckOptions o;
    o.today = today();
    return o;
}

/// Findings of `pmo check` as compiler-style text, one per line (notes included).
inline std::string check_text(std::map<std::string, std::string> files, CheckOptions o = check_options()) {
    LoadResult r = load(std::move(files));
    CheckResult c = check_portfolio(r, o);
    std::ostringstream s;
    render_findings(s, FindingsFormat::text, c, r.portfolio);
    return s.str();
}

/// A small valid project file with the given tasks section.
inline std::string project(const std::string& tasks, const std::string& header_extra = "") {
    return "project:\n  id: demo\n  name: Demo\n  start: 2027-03-01\n  manager: pat\n  sponsor: sam\n" + header_extra +
           tasks;
}

}  // namespace pmo::test
