#include <pmo/load/changes.hpp>
#include <pmo/model/error.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace pmo {

std::vector<FileChange> changes_between(const Source& then, const Source& now) {
    // A file that cannot be read is an error, never "absent": a corrupt object would otherwise
    // make its file look added.
    auto contents = [](const Source& src) {
        std::map<std::string, std::string> files;
        std::string text, error;
        for (const SourceEntry& e : src.list(scope_of(src))) {
            if (!e.error.empty()) {
                if (e.warning) continue;  // a link out of the root is not read on either side
                throw Error(fmt::format("{}: {}", e.path, e.error));
            }
            if (!src.read(e.path, text, error)) throw Error(fmt::format("{}: cannot read: {}", e.path, error));
            files[e.path] = text;
        }
        if (src.present("pmo.toml")) {
            if (!src.read("pmo.toml", text, error)) throw Error(fmt::format("pmo.toml: cannot read: {}", error));
            files["pmo.toml"] = text;
        }
        return files;
    };
    const auto a = contents(then), b = contents(now);
    std::vector<FileChange> changes;
    std::vector<std::string> gone, added;
    for (const auto& [path, text] : a) {
        auto it = b.find(path);
        if (it == b.end()) gone.push_back(path);
        else if (it->second != text) changes.push_back({"modified", path, ""});
    }
    for (const auto& [path, text] : b)
        if (!a.count(path)) added.push_back(path);
    // A file gone and one added with the same content: renamed.
    std::set<std::string> renamed_from;
    for (const std::string& path : added) {
        auto same = std::find_if(gone.begin(), gone.end(), [&](const std::string& g) {
            return !renamed_from.count(g) && a.at(g) == b.at(path);
        });
        if (same != gone.end()) {
            renamed_from.insert(*same);
            changes.push_back({"renamed", path, *same});
        } else {
            changes.push_back({"added", path, ""});
        }
    }
    for (const std::string& path : gone)
        if (!renamed_from.count(path)) changes.push_back({"deleted", path, ""});
    std::stable_sort(changes.begin(), changes.end(), [](const FileChange& x, const FileChange& y) { return x.path < y.path; });
    return changes;
}

}  // namespace pmo
