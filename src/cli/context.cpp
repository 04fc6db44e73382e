#include <pmo/cli/context.hpp>

#include <pmo/check/rules.hpp>
#include <pmo/cli/error.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/findings.hpp>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <pthread.h>
#include <signal.h>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace pmo {

void add_portfolio_options(CLI::App& app, Context& ctx) {
    app.add_option("-C,--directory", ctx.directory, "Portfolio directory (default: the current one; pmo.toml is searched upwards)")
        ->option_text("DIR");
    app.add_option("--project", ctx.projects, "Only this project (repeatable)")->option_text("ID");
    app.add_option("--as-of", ctx.as_of, "Status date (default: each project's status.date, else today)")
        ->option_text("DATE");
    app.add_option("--at", ctx.at, "Read the portfolio as it was at a git revision (the working tree is not touched)")
        ->option_text("REV");
}

void add_output_options(CLI::App& app, Context& ctx, const std::vector<std::string>& formats) {
    app.add_option("-o,--output", ctx.output, "Write the result to FILE (atomically) instead of stdout")
        ->option_text("FILE");
    app.add_option("--format", ctx.format, "Output format: " + fmt::format("{}", fmt::join(formats, ", ")))
        ->check(CLI::IsMember(formats))
        ->option_text("FORMAT");
}

std::optional<Date> Context::as_of_date() const {
    if (as_of.empty()) return std::nullopt;
    auto d = Date::parse(as_of);
    if (!d) throw Error(fmt::format("--as-of: expected a date like 2027-03-01, got '{}'", as_of));
    return d;
}

CheckOptions Context::check_options() const {
    CheckOptions o;
    o.as_of = as_of_date();
    o.projects.insert(projects.begin(), projects.end());
    return o;
}

std::unique_ptr<Source> Context::make_source() const {
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec))
        throw Error(fmt::format("'{}' is not a directory", directory));
    const std::string root = find_root(directory);
    if (at.empty()) return std::make_unique<DirectorySource>(root);
    try {
        return std::make_unique<GitSource>(root, at);
    } catch (const GitError& e) {
        throw Error(std::string("--at: ") + e.what());
    }
}

Baseline Context::load_baseline(const std::string& rev, const PlanOptions& options, const Portfolio& now,
                                const Plan& now_plan) const {
    std::unique_ptr<GitSource> git;
    try {
        git = std::make_unique<GitSource>(find_root(directory), rev);
    } catch (const GitError& e) {
        throw Error(fmt::format("baseline {}: {}", rev, e.what()));
    }
    Baseline b{load_portfolio(*git), {}, {}};
    if (!b.loaded.usable())
        throw Error(fmt::format("baseline {}: the portfolio at that revision cannot be planned: run 'pmo check --at {}'",
                                rev, rev));
    // The plan as it was then: each project at its own status date of that revision, else at
    // the day of that commit; never at --as-of or today, which would hold the baseline's
    // unstarted work back to today and hide the slip of work that should have started.
    PlanOptions o = options;
    o.as_of.reset();
    const std::optional<Date> made = git->commit_date();
    if (!made) throw Error(fmt::format("baseline {}: cannot read the date of commit {}", rev, git->commit()));
    for (Project& p : b.loaded.portfolio.projects)
        if (!p.status_date) p.status_date.set(*made, p.pos);
    try {
        b.plan = make_plan(b.loaded.portfolio, o);
    } catch (const ScheduleError& e) {
        throw Error(fmt::format("baseline {}: {}", rev, e.what()));
    }
    b.comparison = compare_baseline(now, now_plan, b.loaded.portfolio, b.plan);
    b.comparison.revision = rev;
    b.comparison.commit = git->commit();
    return b;
}

void Context::require_projects(const Portfolio& pf) const {
    for (const std::string& id : projects) {
        if (pf.find_project(id)) continue;
        std::vector<std::string_view> ids;
        for (const Project& p : pf.projects) ids.push_back(p.id);
        throw Error(fmt::format("--project: no project '{}' in the portfolio{}", id, did_you_mean(id, ids)));
    }
}

LoadResult Context::load_for_command(std::string_view command) const {
    const std::unique_ptr<Source> src = make_source();
    LoadResult loaded = load_portfolio(*src);
    require_projects(loaded.portfolio);
    CheckResult checked = check_portfolio(loaded, check_options());
    if (checked.format_errors) {
        CheckResult blocking = checked;
        blocking.findings.clear();
        for (const Finding& f : checked.findings) {
            const Rule* r = find_rule(f.rule);
            if (r && r->kind == RuleKind::format) blocking.findings.push_back(f);
        }
        render_findings(err, FindingsFormat::text, blocking, loaded.portfolio);
        throw Error(fmt::format("{}: the portfolio cannot be used until these are fixed", command));
    }
    if (loaded.portfolio.projects.empty())
        err << fmt::format("pmo {}: no projects found in {} (a project file starts with 'project:')\n", command,
                           loaded.portfolio.root);
    if (checked.errors || checked.warnings)
        err << fmt::format("pmo {}: standards: {}; run 'pmo check' for details\n", command, findings_summary(checked));
    return loaded;
}

namespace {
// The temporary output file being written, removed if the process is interrupted.
std::atomic<const char*> g_partial{nullptr};

extern "C" void remove_partial(int sig) {
    if (const char* p = g_partial.load()) ::unlink(p);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}
}  // namespace

void Context::emit(const std::string& text) const {
    if (output.empty()) {
        out << text;
        out.flush();
        return;
    }
    // Write next to the target and rename over it: readers never see a partial file.
    std::string tmpl = output + ".pmo-XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    // Between creating the temporary file and recording its name an interrupt would leave it
    // behind: hold SIGINT and SIGTERM until the handler knows the name.
    sigset_t block, previous;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &block, &previous);
    const int fd = ::mkstemp(name.data());
    const int create_errno = errno;
    if (fd >= 0) g_partial.store(name.data());
    // Clean up on an interrupt, unless the signal was ignored (nohup, background jobs): then
    // it stays ignored.
    auto old_int = std::signal(SIGINT, remove_partial);
    if (old_int == SIG_IGN) std::signal(SIGINT, SIG_IGN);
    auto old_term = std::signal(SIGTERM, remove_partial);
    if (old_term == SIG_IGN) std::signal(SIGTERM, SIG_IGN);
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (fd < 0) {
        std::signal(SIGINT, old_int);
        std::signal(SIGTERM, old_term);
        throw Error(fmt::format("cannot write '{}': {}", output, std::strerror(create_errno)));
    }
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    size_t done = 0;
    bool ok = true;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            ok = false;
            break;
        }
        done += static_cast<size_t>(n);
    }
    const int saved = errno;
    ok = ::close(fd) == 0 && ok;
    if (ok) ok = ::rename(name.data(), output.c_str()) == 0;
    const int saved2 = errno;
    if (!ok) ::unlink(name.data());
    g_partial.store(nullptr);
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
    if (!ok) throw Error(fmt::format("cannot write '{}': {}", output, std::strerror(saved2 ? saved2 : saved)));
}

}  // namespace pmo
