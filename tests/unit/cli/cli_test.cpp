#include <pmo/cli/cli.hpp>
#include <pmo/load/loader.hpp>
#include <pmo/load/source.hpp>

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <unistd.h>
#include <sstream>
#include <vector>

using namespace pmo;

namespace {
struct Run {
    int rc;
    std::string out, err;
};
Run run_pmo(std::vector<const char*> args, Environment env = {}) {
    args.insert(args.begin(), "pmo");
    std::ostringstream out, err;
    const int rc = run(static_cast<int>(args.size()), args.data(), out, err, env);
    return {rc, out.str(), err.str()};
}
}  // namespace

TEST_CASE("the CLI runs in-process on injected streams") {
    Run r = run_pmo({"--version"});
    CHECK(r.rc == 0);
    CHECK(r.out == std::string("pmo ") + PMO_VERSION + "\n");
}

TEST_CASE("bad arguments exit 2 with a message on stderr") {
    Run r = run_pmo({"check", "--format", "xml"});
    CHECK(r.rc == 2);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("pmo: error: --format: xml not in {"));
    Run u = run_pmo({"plna"});
    CHECK(u.rc == 2);
    CHECK(u.err.starts_with("pmo: error: unknown command 'plna'"));
}

TEST_CASE("help lists every command") {
    Run r = run_pmo({"--help"});
    CHECK(r.rc == 0);
    CHECK(r.out.find("  check ") != std::string::npos);
    CHECK(r.out.find("  init ") != std::string::npos);
    CHECK(run_pmo({"check", "--help"}).out.find("--list-rules") != std::string::npos);
}

TEST_CASE("a missing directory is an error, not a crash") {
    Run r = run_pmo({"check", "-C", "/nonexistent/portfolio"});
    CHECK(r.rc == 2);
    CHECK(r.err == "pmo: error: '/nonexistent/portfolio' is not a directory\n");
}

TEST_CASE("on a terminal, findings show the source line and a caret; colour unless NO_COLOR") {
    const std::string dir = std::string(PMO_SOURCE_DIR) + "/examples/invalid/unknown-key";
    Environment tty;
    tty.out_is_tty = true;
    tty.vars["NO_COLOR"] = "1";
    Run plain = run_pmo({"check", "-C", dir.c_str()}, tty);
    CHECK(plain.rc == 2);
    CHECK(plain.out ==
          "projects/demo.yaml:9:45: error: unknown key 'dependson' in a task (did you mean 'depends'?) [unknown-key]\n"
          "     9 |   - {id: build, name: Build, duration: 10d, dependson: [design]}\n"
          "       |                                             ^\n");
    tty.vars.erase("NO_COLOR");
    Run color = run_pmo({"check", "-C", dir.c_str()}, tty);
    CHECK(color.out.find("\033[1;31merror: ") != std::string::npos);
    Run piped = run_pmo({"check", "-C", dir.c_str()});
    CHECK(piped.out.find("\033[") == std::string::npos);
    CHECK(piped.out.find(" | ") == std::string::npos);
}

TEST_CASE("--format auto writes GitHub annotations under GitHub Actions") {
    const std::string dir = std::string(PMO_SOURCE_DIR) + "/examples/invalid/unknown-key";
    Environment gh;
    gh.vars["GITHUB_ACTIONS"] = "true";
    Run r = run_pmo({"check", "-C", dir.c_str()}, gh);
    CHECK(r.out.starts_with("::error file=projects/demo.yaml,line=9,col=45,title=unknown-key::"));
    Run plain = run_pmo({"check", "-C", dir.c_str()});
    CHECK(plain.out.starts_with("projects/demo.yaml:9:45: error:"));
}

#include <pmo/cli/context.hpp>
#include <pmo/model/error.hpp>

TEST_CASE("an output whose stream failed while it was written is never emitted") {
    std::ostringstream out, err;
    Environment env;
    Context ctx(out, err, env);
    OutputStream s;
    s << "{\"partial\": ";
    s.setstate(std::ios::badbit);  // what a failed allocation inside the stream leaves
    CHECK_THROWS_AS(ctx.emit(s), Error);
    CHECK(out.str().empty());
    OutputStream whole;
    whole << "{}\n";
    ctx.emit(whole);
    CHECK(out.str() == "{}\n");
}

TEST_CASE("pmo init's calendar has the holidays of the first project's first three years") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("pmo-init-holidays-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    Run r = run_pmo({"init", dir.c_str(), "--start", "2027-11-01"});
    REQUIRE(r.rc == 0);
    const LoadResult loaded = load_portfolio(DirectorySource(dir.string()));
    CHECK(loaded.usable());
    REQUIRE(loaded.portfolio.calendars.size() == 1);
    const std::vector<Date>& days = loaded.portfolio.calendars[0].all_holidays;
    for (const Date d : {Date::from_ymd(2027, 12, 25), Date::from_ymd(2028, 1, 1), Date::from_ymd(2029, 12, 25)})
        CHECK_MESSAGE(std::find(days.begin(), days.end(), d) != days.end(), d.iso());
    std::filesystem::remove_all(dir);
}
