#include <pmo/check/rule_ids.hpp>
#include <pmo/cli/context.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/fields.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/register.hpp>
#include <pmo/render/text.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace pmo {
namespace {

/// The statuses the registers listed may have, in the order of the format, each once.
std::vector<std::string_view> statuses_of(const std::vector<std::string>& kinds) {
    std::vector<std::string_view> all;
    for (const std::string& kind : kinds) {
        const FieldSpec* f = find_field(*find_field(spec::project_file, kind)->object, "status");
        if (!f) continue;
        for (std::string_view s : f->values)
            if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
    }
    return all;
}

// The --format choices, in --help's order; the first is the default.
constexpr Format<RegisterView> kFormats[] = {{"table", render_register_table},
                                             {"markdown", render_register_markdown},
                                             {"csv", render_register_csv},
                                             {"json", render_register_json}};

}  // namespace

std::function<int()> setup_register(CLI::App& app, Context& ctx) {
    struct Args {
        std::string kind, since, category, text;
        std::vector<std::string> owners, statuses;
        bool overdue = false;
    };
    auto a = std::make_shared<Args>();
    std::vector<std::string> kinds(register_kinds().begin(), register_kinds().end());
    kinds.push_back("all");
    app.add_option("KIND", a->kind, fmt::format("The register: {}", fmt::join(kinds, ", ")))
        ->required()
        ->check(CLI::IsMember(kinds));
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, kFormats);
    app.add_option("--status", a->statuses, "Only entries in this status (repeatable)")->option_text("STATUS");
    app.add_option("--owner", a->owners, "Only entries of this owner: a person's id or name, or as written (repeatable)")
        ->option_text("NAME");
    app.add_flag("--overdue", a->overdue, "Only open issues and actions past their due date, and pending gates past their date");
    app.add_option("--since", a->since, "Only entries added or changed since a git revision")->option_text("REV");
    app.add_option("--category", a->category, "Only lessons of this category (without regard to case)")
        ->option_text("CATEGORY");
    app.add_option("--text", a->text, "Only entries whose title, name or description holds TEXT (without regard to case)")
        ->option_text("TEXT");
    app.footer("Entries are listed by project id, then register, then as the file writes them. Overdue is judged at "
               "each project's status date (or --as-of).");
    return [&ctx, a]() -> int {
        // Only lessons have a category: asked of another register, it would list nothing.
        if (!a->category.empty() && a->kind != "all" &&
            !find_field(*find_field(spec::project_file, a->kind)->object, "category"))
            throw Error(fmt::format("--category: the {} register has no category (lessons have one)", a->kind));
        LoadResult loaded = ctx.load_for_command("register");
        const Portfolio& pf = loaded.portfolio;
        RegisterFilter f;
        if (a->kind == "all") f.kinds.assign(register_kinds().begin(), register_kinds().end());
        else f.kinds = {a->kind};
        f.projects.insert(ctx.projects.begin(), ctx.projects.end());
        const std::vector<std::string_view> statuses = statuses_of(f.kinds);
        for (const std::string& s : a->statuses) {
            if (statuses.empty()) throw Error(fmt::format("--status: the {} register has no status", a->kind));
            if (std::find(statuses.begin(), statuses.end(), s) == statuses.end())
                throw Error(fmt::format("--status: '{}' is no status of {}; one of: {}{}", s,
                                        a->kind == "all" ? "a register" : a->kind, fmt::join(statuses, ", "),
                                        did_you_mean(s, statuses)));
            f.statuses.insert(s);
        }
        if (!a->owners.empty()) {
            std::vector<std::string_view> owners;
            for (const Project& p : pf.projects)
                for (const Record& r : p.records)
                    if (auto it = r.fields.find("owner"); it != r.fields.end()) owners.push_back(it->second.value);
            for (const std::string& who : a->owners) {
                const std::vector<std::string> as = owner_spellings(pf, who, owners, "register entry");
                f.owners.insert(as.begin(), as.end());
            }
        }
        f.overdue = a->overdue;
        f.as_of = ctx.as_of_date();
        f.today = ctx.today;
        f.category = a->category;
        f.text = a->text;
        std::optional<LoadResult> then;
        std::string since_commit;
        if (!a->since.empty()) {
            try {
                const GitSource git(find_root(ctx.directory), a->since);
                since_commit = git.commit();
                then = load_portfolio(git);
            } catch (const Error& e) {
                throw Error(fmt::format("--since {}: {}", a->since, e.what()));
            }
            f.since = &then->portfolio;
            // A file that could not be decoded at that revision has no entries there: say why
            // its entries all read as added.
            std::set<std::string> unreadable;
            for (const Finding& x : then->findings)
                if (x.pos.file >= 0 && (x.rule == rule_id::yaml_syntax || x.rule == rule_id::unreadable_file ||
                                        x.rule == rule_id::merge_conflict || x.rule == rule_id::unknown_document))
                    unreadable.insert(then->portfolio.files[static_cast<size_t>(x.pos.file)]);
            for (const std::string& file : unreadable)
                ctx.err << fmt::format("pmo register: --since {}: {} cannot be read at that revision (pmo check --at {} "
                                       "says why); its entries count as added\n",
                                       terminal_text(a->since), terminal_text(file), terminal_text(a->since));
        }
        const RegisterListing listing = list_registers(pf, f);
        RegisterView view{pf, listing, a->since, since_commit, ctx.color_out()};
        OutputStream s;
        render_format(s, kFormats, view, ctx);
        ctx.emit(s);
        return 0;
    };
}

}  // namespace pmo
