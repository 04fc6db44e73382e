#include <pmo/cli/context.hpp>

#include <pmo/check/rules.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/atomic_file.hpp>
#include <pmo/render/findings.hpp>
#include <pmo/render/text.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <sstream>

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
    o.today = today;
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
    } catch (const Error& e) {
        throw Error(std::string("--at: ") + e.what());
    }
}

std::vector<std::string> owner_spellings(const Portfolio& pf, const std::string& who,
                                         const std::vector<std::string_view>& owners, std::string_view what) {
    std::vector<std::string> r{who};
    bool known = false;
    for (const Resource& res : pf.resources) {
        const bool by_id = res.id == ascii_lower(who);
        const bool by_name = res.name && equal_ignoring_case(res.name.value, who);
        if (!by_id && !by_name) continue;
        known = true;
        r.push_back(res.id);
        if (res.name) r.push_back(res.name.value);
    }
    std::vector<std::string_view> names(owners.begin(), owners.end());
    for (std::string_view owner : owners)
        if (equal_ignoring_case(owner, who)) {
            known = true;
            r.emplace_back(owner);
        }
    if (!known) {
        for (const Resource& res : pf.resources) {
            names.push_back(res.id);
            if (res.name) names.push_back(res.name.value);
        }
        std::sort(names.begin(), names.end());
        throw Error(fmt::format("--owner: '{}' owns no {} and is no one in the pool{}", who, what, did_you_mean(who, names)),
                    2);
    }
    return r;
}

std::vector<int32_t> Context::shown_projects(const Portfolio& pf) const {
    std::vector<int32_t> r;
    for (size_t i = 0; i < pf.projects.size(); ++i)
        if (projects.empty() || std::find(projects.begin(), projects.end(), pf.projects[i].id) != projects.end())
            r.push_back(static_cast<int32_t>(i));
    return r;
}

void Context::require_projects(const Portfolio& pf) const {
    for (const std::string& id : projects) {
        if (pf.find_project(id)) continue;
        std::vector<std::string_view> ids;
        for (const Project& p : pf.projects) ids.push_back(p.id);
        throw Error(fmt::format("--project: no project '{}' in the portfolio{}", id, did_you_mean(id, ids)));
    }
}

namespace {
/// Planning keeps a day-by-day calendar per person from the earliest date of the portfolio to
/// the latest: a mistyped year (0001, 9999) makes it huge. Names the two dates that span it.
std::string memory_hint_for(const Portfolio& pf) {
    struct End {
        Date date;
        std::string what;
    };
    std::optional<End> first, last;
    auto see = [&](const Located<Date>& d, const std::string& what) {
        if (!d) return;
        if (!first || d.value < first->date) first = End{d.value, what};
        if (!last || last->date < d.value) last = End{d.value, what};
    };
    for (const Project& p : pf.projects) {
        see(p.start, fmt::format("the start of project '{}'", p.id));
        see(p.deadline, fmt::format("the deadline of project '{}'", p.id));
        for (const Task& t : p.tasks) {
            see(t.actual_start, fmt::format("the actual_start of task '{}/{}'", p.id, t.id));
            see(t.actual_finish, fmt::format("the actual_finish of task '{}/{}'", p.id, t.id));
            see(t.start_no_earlier_than, fmt::format("start_no_earlier_than of task '{}/{}'", p.id, t.id));
            see(t.finish_no_later_than, fmt::format("finish_no_later_than of task '{}/{}'", p.id, t.id));
        }
    }
    if (!first) return "";
    const int64_t days = static_cast<int64_t>(last->date - first->date) + 1;
    std::string hint = fmt::format("the plan keeps a calendar of every day for each of the {} people in the pool, "
                                   "from {} ({}) to {} ({}): {} days",
                                   pf.resources.size(), first->date.iso(), first->what, last->date.iso(), last->what, days);
    if (days > 365 * 50) hint += "; is one of these years mistyped?";
    return hint;
}
}  // namespace

LoadResult Context::load(std::string_view command) const {
    const std::unique_ptr<Source> src = make_source();
    LoadOptions o;
    // A progress line once reading has taken a second, redrawn at most ten times a second and
    // wiped at the end: only on a terminal, never in a log.
    using clock = std::chrono::steady_clock;
    const clock::time_point started = clock::now();
    clock::time_point drawn{};
    bool shown = false;
    if (env.err_is_tty)
        o.progress = [&](size_t done, size_t all) {
            const clock::time_point now = clock::now();
            if (done == all) {
                if (shown) err << "\r\033[K" << std::flush;
                return;
            }
            if (now - started < std::chrono::seconds(1) || now - drawn < std::chrono::milliseconds(100)) return;
            drawn = now;
            shown = true;
            err << fmt::format("\rpmo {}: reading files: {} of {}", command, done, all) << std::flush;
        };
    LoadResult loaded = load_portfolio(*src, o);
    if (loaded.scope == Scope::projects_and_top) {
        std::string note = fmt::format("pmo {}: no pmo.toml in {} or above: read only the YAML files at its top and in "
                                       "projects/, resources/, calendars/ (with a pmo.toml, even an empty one, every YAML file below it is read)",
                                       command, terminal_text(loaded.portfolio.root));
        const auto& skipped = loaded.passed_over;
        if (!skipped.empty()) {
            note += skipped.size() == 1 ? std::string("; passed over 1 file that is not a pmo file: ")
                                        : fmt::format("; passed over {} files that are not pmo files: ", skipped.size());
            for (size_t i = 0; i < skipped.size() && i < 5; ++i) note += (i ? ", " : "") + terminal_text(skipped[i]);
            if (skipped.size() > 5) note += fmt::format(" and {} more", skipped.size() - 5);
        }
        err << note << '\n';
    }
    return loaded;
}

LoadResult Context::load_for_command(std::string_view command) const {
    LoadResult loaded = load(command);
    memory_hint = memory_hint_for(loaded.portfolio);
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

void Context::emit(const std::string& text) const {
    if (output.empty()) {
        // A failed write here is found by whoever owns the stream (main checks standard output).
        out << text;
        out.flush();
        return;
    }
    write_file_atomically(output, text);
}

void Context::emit(const OutputStream& stream) const {
    if (!stream) throw Error("the output could not be held in memory while it was written (out of memory?)");
    const OutputBuffer& text = stream.buffer();
    if (output.empty()) {
        for (std::string_view b : text.blocks()) out.write(b.data(), static_cast<std::streamsize>(b.size()));
        out.flush();
        return;
    }
    AtomicFile f(output);
    for (std::string_view b : text.blocks()) f.write(b);
    f.commit();
}

}  // namespace pmo
