#pragma once

#include <pmo/analyse/baseline.hpp>
#include <pmo/check/checker.hpp>
#include <pmo/cli/cli.hpp>
#include <pmo/render/output_buffer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace pmo {

/// Options every subcommand shares, and the streams it writes to.
struct Context {
    Context(std::ostream& o, std::ostream& e, const Environment& v) : out(o), err(e), env(v) {}

    std::ostream& out;
    std::ostream& err;
    const Environment& env;

    std::string directory = ".";
    std::vector<std::string> projects;
    std::string as_of;
    std::string output;  ///< -o FILE
    std::string at;      ///< --at REV: read the portfolio as it was at a git revision
    std::string format;  ///< empty: the command's own default (auto for check, table for the others)
    /// Today's date, read here once: every options struct gets it from here (status dates, the
    /// plan's epoch), and nothing below cli/ reads the clock.
    Date today = Date::today();
    /// What the memory of planning grows with (people x the span of the portfolio in days), set
    /// when the portfolio is loaded, so "out of memory" can name the cause and the dates.
    mutable std::string memory_hint;

    bool color_out() const { return env.out_is_tty && !env.has("NO_COLOR") && output.empty(); }
    bool color_err() const { return env.err_is_tty && !env.has("NO_COLOR"); }

    /// The files of the portfolio under -C: the working tree, or the revision of --at.
    std::unique_ptr<Source> make_source() const;

    /// --as-of as a date; throws Error on a malformed one.
    std::optional<Date> as_of_date() const;
    CheckOptions check_options() const;
    /// The indices of the projects of `pf` that --project names, in the portfolio's order; all
    /// of them without --project.
    std::vector<int32_t> shown_projects(const Portfolio& pf) const;
    /// Throws Error when a --project names no project of `pf`, suggesting the nearest id.
    void require_projects(const Portfolio& pf) const;

    /// Loads the portfolio under -C (or at --at): a progress line on a terminal when reading
    /// takes long, and a note on stderr when there is no pmo.toml (what was read, what passed over).
    LoadResult load(std::string_view command) const;

    /// Loads the portfolio under -C; when the model is unusable, prints the findings to stderr
    /// the way `pmo check` does and throws Error (exit status 2). Otherwise prints a one-line
    /// summary of standards findings to stderr.
    LoadResult load_for_command(std::string_view command) const;

    /// Writes `text` to -o FILE atomically (temporary file, then rename) or to `out`.
    void emit(const std::string& text) const;
    /// The same for a command's output rendered into an OutputStream: a plan can be over
    /// 100 MB, written block by block without ever being one string.
    /// Throws Error when the stream failed while it was written (out of memory): a truncated
    /// output is never handed on as if it were whole.
    void emit(const OutputStream& text) const;
};

/// One subcommand: its name, its one-line summary, and how to wire it into CLI11.
struct Command {
    std::string_view name;
    std::string_view summary;
    /// Adds the subcommand's options to `app`; returns the action to run after parsing.
    std::function<std::function<int()>(CLI::App& app, Context& ctx)> setup;
};

/// The subcommand table: feeds CLI11, `pmo --help` and the man-page test.
const std::vector<Command>& commands();

// The subcommands, one file each under src/cli/.
std::function<int()> setup_check(CLI::App& app, Context& ctx);
std::function<int()> setup_schema(CLI::App& app, Context& ctx);
std::function<int()> setup_init(CLI::App& app, Context& ctx);
std::function<int()> setup_import(CLI::App& app, Context& ctx);
std::function<int()> setup_plan(CLI::App& app, Context& ctx);
std::function<int()> setup_resource(CLI::App& app, Context& ctx);
std::function<int()> setup_risk(CLI::App& app, Context& ctx);
std::function<int()> setup_report(CLI::App& app, Context& ctx);
std::function<int()> setup_register(CLI::App& app, Context& ctx);

/// Every way an entry may name the owner given to --owner: the text itself and, for a person of
/// the pool, their id and their name (either matched without regard to case); `owners` are the
/// owners the entries write. Throws Error (exit status 2) when neither an entry nor the pool
/// knows the owner, suggesting the nearest; `what` names the entries ("risk").
std::vector<std::string> owner_spellings(const Portfolio& pf, const std::string& who,
                                         const std::vector<std::string_view>& owners, std::string_view what);

/// Adds -C, --project, --as-of (the portfolio options) to a subcommand.
void add_portfolio_options(CLI::App& app, Context& ctx);
/// Adds -o and --format with the given choices.
void add_output_options(CLI::App& app, Context& ctx, const std::vector<std::string>& formats);

/// One output format of a command: its --format name and how it writes the command's view. Each
/// command lists its formats in one table, which gives CLI11 the choices (in this order, as --help
/// shows them) and `render_format` the dispatch; the first is the default.
template <class View>
struct Format {
    using Render = void (*)(std::ostream& out, const View& v);
    using RenderWith = void (*)(std::ostream& out, const View& v, const Context& ctx);  ///< also writes to ctx.err
    constexpr Format(std::string_view n, Render r) : name(n), render(r) {}
    constexpr Format(std::string_view n, RenderWith r) : name(n), render_with(r) {}

    std::string_view name;
    Render render = nullptr;
    RenderWith render_with = nullptr;
};

/// Adds -o and --format with the names of a command's formats table (Format<View> or any entry with
/// a `name`) as the choices.
template <class Entry, size_t N>
void add_output_options(CLI::App& app, Context& ctx, const Entry (&formats)[N]) {
    std::vector<std::string> names;
    for (const Entry& f : formats) names.emplace_back(f.name);
    add_output_options(app, ctx, names);
}

/// Writes `v` in the format ctx.format names (CLI11 allowed no other), or the first when it is empty.
template <class View, size_t N>
void render_format(std::ostream& out, const Format<View> (&formats)[N], const View& v, const Context& ctx) {
    const Format<View>* f = &formats[0];
    for (const Format<View>& x : formats)
        if (x.name == ctx.format) f = &x;
    if (f->render) f->render(out, v);
    else f->render_with(out, v, ctx);
}

}  // namespace pmo
