#include "../support.hpp"

#include <pmo/load/changes.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::MemorySource;

TEST_CASE("changes between two sources: modified, added, deleted and renamed, by content") {
    const MemorySource then({{"pmo.toml", "[pmo]\n"}, {"projects/a.yaml", "a: 1\n"}, {"projects/b.yaml", "b: 1\n"},
                             {"projects/c.yaml", "c: 1\n"}});
    const MemorySource now({{"pmo.toml", "[pmo]\nname = \"x\"\n"}, {"projects/a.yaml", "a: 1\n"},
                            {"projects/moved.yaml", "b: 1\n"}, {"projects/new.yaml", "n: 1\n"}});
    std::string got;
    for (const FileChange& c : changes_between(then, now)) got += c.status + " " + c.path + (c.from.empty() ? "" : " < " + c.from) + "\n";
    CHECK(got == "modified pmo.toml\ndeleted projects/c.yaml\nrenamed projects/moved.yaml < projects/b.yaml\n"
                 "added projects/new.yaml\n");
    CHECK(changes_between(now, now).empty());
}
