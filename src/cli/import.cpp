#include <pmo/check/rules.hpp>
#include <pmo/cli/context.hpp>
#include <pmo/load/import.hpp>
#include <pmo/load/loader.hpp>
#include <pmo/load/source.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/findings.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pmo {
namespace {

/// The portfolio's files as they would be after the import: what is on disk, and the new files.
class OverlaySource final : public Source {
public:
    OverlaySource(const Source* base, std::string root, std::map<std::string, std::string> files)
        : m_base(base), m_root(std::move(root)), m_files(std::move(files)) {}
    std::vector<SourceEntry> list(Scope scope) const override {
        std::vector<SourceEntry> out = m_base ? m_base->list(scope) : std::vector<SourceEntry>{};
        for (const auto& [path, text] : m_files)
            if (in_scope(scope, path)) out.push_back({path, {}, false});
        std::sort(out.begin(), out.end(), [](const SourceEntry& a, const SourceEntry& b) { return a.path < b.path; });
        return out;
    }
    bool read(const std::string& path, std::string& out, std::string& error) const override {
        if (auto it = m_files.find(path); it != m_files.end()) {
            out = it->second;
            return true;
        }
        if (m_base) return m_base->read(path, out, error);
        error = "no such file";
        return false;
    }
    std::string root() const override { return m_root; }

private:
    const Source* m_base;
    std::string m_root;
    std::map<std::string, std::string> m_files;
};

/// Fits the imported plan into the portfolio it joins: people the pool already has are used, not
/// added again; new resource and calendar ids that are taken get another. Returns what was done.
std::vector<std::string> fit_into(ImportedPlan& plan, const Portfolio& pf) {
    std::vector<std::string> said;
    std::map<std::string, std::string> rename;  // imported resource id -> id in the portfolio
    std::set<std::string> taken;
    for (const Resource& r : pf.resources) taken.insert(r.id);
    std::vector<Resource> keep;
    for (Resource& r : plan.resources) {
        const Resource* same = nullptr;
        for (const Resource& have : pf.resources)
            if (equal_ignoring_case(have.name ? have.name.value : have.id, r.name.value) ||
                (r.email && have.email && equal_ignoring_case(have.email.value, r.email.value)))
                same = &have;
        if (same) {
            rename[r.id] = same->id;
            said.push_back(fmt::format("'{}' is the pool's resource '{}'", r.name.value, same->id));
            continue;
        }
        std::string id = r.id;
        for (int n = 2; taken.count(id); ++n) id = fmt::format("{}-{}", r.id, n);
        taken.insert(id);
        rename[r.id] = id;
        r.id = id;
        keep.push_back(std::move(r));
    }
    plan.resources = std::move(keep);
    for (Task& t : plan.project.tasks)
        for (Assignment& a : t.assign) a.resource = rename[a.resource];

    std::map<std::string, std::string> cal;
    std::set<std::string> cal_taken;
    for (const Calendar& c : pf.calendars) cal_taken.insert(c.id);
    for (Calendar& c : plan.calendars) {
        std::string id = c.id;
        if (cal_taken.count(id)) id = plan.project.id + "-" + c.id;
        for (int n = 2; cal_taken.count(id); ++n) id = fmt::format("{}-{}-{}", plan.project.id, c.id, n);
        cal_taken.insert(id);
        cal[c.id] = id;
        c.id = id;
    }
    for (Calendar& c : plan.calendars)
        if (c.base) c.base.value = cal[c.base.value];
    for (Resource& r : plan.resources)
        if (r.calendar) r.calendar.value = cal[r.calendar.value];
    if (plan.project.calendar) plan.project.calendar.value = cal[plan.project.calendar.value];
    return said;
}

/// Writes every file or none: refuses when any exists, and removes what it wrote when one fails.
void write_all(const fs::path& root, const std::vector<std::pair<std::string, std::string>>& files, std::ostream& out) {
    std::error_code ec;
    for (const auto& [rel, text] : files)
        if (fs::exists(fs::symlink_status(root / rel, ec)))
            throw Error(fmt::format("'{}' already exists; pmo import never overwrites a file (give another --id)",
                                    (root / rel).string()));
    std::vector<fs::path> written;
    std::vector<fs::path> made_dirs;
    auto undo = [&] {
        for (const fs::path& p : written) fs::remove(p, ec);
        for (auto it = made_dirs.rbegin(); it != made_dirs.rend(); ++it) fs::remove(*it, ec);
    };
    for (const auto& [rel, text] : files) {
        const fs::path path = root / rel;
        // Remember every directory created, to remove it again if a later file fails.
        std::vector<fs::path> missing;
        for (fs::path d = path.parent_path(); !d.empty() && !fs::exists(d, ec); d = d.parent_path()) {
            missing.push_back(d);
            if (d == d.parent_path()) break;
        }
        fs::create_directories(path.parent_path(), ec);
        made_dirs.insert(made_dirs.end(), missing.rbegin(), missing.rend());
        if (ec) {
            undo();
            throw Error(fmt::format("cannot create '{}': {}", path.parent_path().string(), ec.message()));
        }
        // A temporary file, then a rename that refuses to replace anything (link(2)).
        const fs::path tmp = path.string() + fmt::format(".pmo-import-{}", ::getpid());
        {
            std::ofstream f(tmp, std::ios::binary | std::ios::out | std::ios::trunc);
            f << text;
            f.close();
            if (!f) {
                const std::string why = std::strerror(errno);
                fs::remove(tmp, ec);
                undo();
                throw Error(fmt::format("cannot write '{}': {}", path.string(), why));
            }
        }
        if (::link(tmp.c_str(), path.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            fs::remove(tmp, ec);
            undo();
            throw Error(fmt::format("cannot create '{}': {}", path.string(), why));
        }
        fs::remove(tmp, ec);
        written.push_back(path);
    }
    for (const auto& [rel, text] : files) out << "created " << (root / rel).string() << '\n';
}

bool valid_id(const std::string& id) {
    return !id.empty() && ((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')) &&
           std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
           });
}

}  // namespace

std::function<int()> setup_import(CLI::App& app, Context& ctx) {
    struct Args {
        std::string file, id, from, dates;
        std::vector<std::string> map;
        bool dry_run = false;
    };
    auto a = std::make_shared<Args>();
    app.add_option("FILE", a->file, "The plan to import: Microsoft Project XML (.xml) or a task list as CSV (.csv)")
        ->required();
    app.add_option("-C,--directory", ctx.directory, "Portfolio to import into (default: the current directory)")
        ->option_text("DIR");
    app.add_option("--id", a->id, "Id of the new project (default: made from the file name)")->option_text("ID");
    app.add_option("--from", a->from, "What FILE is: mspdi or csv (default: by its extension, else by its content)")
        ->check(CLI::IsMember({"mspdi", "csv"}))
        ->option_text("FORMAT");
    app.add_option("--map", a->map, "CSV: read column COLUMN as pmo's FIELD (or ignore it); repeatable")
        ->option_text("COLUMN=FIELD")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--dates", a->dates, "CSV: numeric dates such as 3/1/27 are day/month/year (dmy) or month/day/year (mdy)")
        ->check(CLI::IsMember({"dmy", "mdy"}))
        ->option_text("ORDER");
    app.add_flag("--dry-run", a->dry_run, "Print the files it would write, and write nothing");
    app.footer("pmo import writes a new project file under projects/ and a new pool file under resources/ with the\n"
               "calendars and people the plan needs; it never changes a file that exists: all of its files, or none.\n"
               "What the format has no place for is listed on stderr as FILE:LINE: not imported: ...");
    return [&ctx, a]() -> int {
        if (!a->id.empty() && !valid_id(a->id))
            throw Error(fmt::format("--id: '{}' is not a valid id ([a-z0-9][a-z0-9_.-]*)", a->id));
        std::ifstream in(a->file, std::ios::binary);
        if (!in) throw Error(fmt::format("cannot read '{}': {}", a->file, std::strerror(errno)));
        std::string text((std::istreambuf_iterator<char>(in)), {});
        if (in.bad()) throw Error(fmt::format("cannot read '{}': {}", a->file, std::strerror(errno)));

        std::string from = a->from;
        if (from.empty()) {
            const std::string ext = ascii_lower(fs::path(a->file).extension().string());
            const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
            from = ext == ".xml" ? "mspdi"
                 : ext == ".csv" || ext == ".tsv" ? "csv"
                 : first != std::string::npos && text[first] == '<' ? "mspdi" : "csv";
        }
        if (from != "csv" && (!a->map.empty() || !a->dates.empty()))
            throw Error("--map and --dates are for CSV files; this one is read as " + from + " (give --from csv)");
        CsvOptions csv;
        csv.dates = a->dates;
        for (const std::string& m : a->map) {
            const size_t eq = m.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
                throw Error(fmt::format("--map '{}': write COLUMN=FIELD, e.g. --map 'Est. days=duration'", m));
            csv.map.emplace_back(m.substr(0, eq), m.substr(eq + 1));
        }
        ImportedPlan plan = from == "csv" ? read_csv(text, a->file, a->id, csv) : read_mspdi(text, a->file, a->id);
        if (!plan.errors.empty()) {
            for (const ImportMessage& m : plan.errors) {
                std::string where = a->file;
                if (m.line) where += fmt::format(":{}", m.line);
                if (m.line && m.col) where += fmt::format(":{}", m.col);
                ctx.err << fmt::format("{}: error: {}\n", where, m.text);
            }
            throw Error("nothing was imported");
        }

        // The portfolio it joins (a directory that does not exist yet is a new, empty portfolio).
        std::error_code ec;
        const bool exists = fs::is_directory(ctx.directory, ec);
        if (!exists && fs::exists(ctx.directory, ec)) throw Error(fmt::format("'{}' is not a directory", ctx.directory));
        const std::string root = exists ? find_root(ctx.directory) : ctx.directory;
        std::unique_ptr<DirectorySource> disk;
        LoadResult before;
        if (exists) {
            disk = std::make_unique<DirectorySource>(root);
            before = load_portfolio(*disk);
        }
        if (const Project* clash = before.portfolio.find_project(plan.project.id))
            throw Error(fmt::format("the portfolio has a project '{}' already ({}); give the import another --id",
                                    plan.project.id, before.portfolio.files[static_cast<size_t>(clash->pos.file)]));
        const std::vector<std::string> said = fit_into(plan, before.portfolio);
        if (!plan.currency.empty() && plan.currency != before.portfolio.config.currency)
            plan.not_imported.insert(
                std::upper_bound(plan.not_imported.begin(), plan.not_imported.end(), plan.currency_line,
                                 [](uint32_t l, const ImportMessage& m) { return l < m.line; }),
                ImportMessage{plan.currency_line, 0,
                              fmt::format("currency {}: the portfolio's is {} (pmo.toml [pmo] currency)", plan.currency,
                                          before.portfolio.config.currency)});

        std::vector<std::pair<std::string, std::string>> files;
        files.emplace_back("projects/" + plan.project.id + ".yaml", project_yaml(plan));
        if (std::string pool = pool_yaml(plan); !pool.empty())
            files.emplace_back("resources/" + plan.project.id + ".yaml", std::move(pool));

        // What it writes must load: a file pmo cannot read would be a bug here, never the user's.
        const OverlaySource after(disk.get(), root, {files.begin(), files.end()});
        const LoadResult loaded = load_portfolio(after);
        CheckResult broken;
        for (const Finding& f : loaded.findings) {
            const Rule* r = find_rule(f.rule);
            if (f.severity != Severity::error || (r && r->kind != RuleKind::format) || !f.pos.known()) continue;
            const std::string& file = loaded.portfolio.files[static_cast<size_t>(f.pos.file)];
            if (std::any_of(files.begin(), files.end(), [&](const auto& nf) { return nf.first == file; }))
                broken.findings.push_back(f);
        }
        if (!broken.findings.empty()) {
            render_findings(ctx.err, FindingsFormat::text, broken, loaded.portfolio);
            if (std::all_of(broken.findings.begin(), broken.findings.end(),
                            [](const Finding& f) { return f.rule == rule_id::dependency_cycle; }))
                throw Error(fmt::format("the links of '{}' form a loop (above): mend them there and import it again; "
                                        "nothing was written",
                                        a->file));
            throw Error("pmo import made files pmo cannot read (a bug: please report it with the file); nothing was written");
        }

        for (const ImportMessage& m : plan.not_imported)
            ctx.err << fmt::format("{}{}: not imported: {}\n", a->file, m.line ? fmt::format(":{}", m.line) : "", m.text);
        for (const std::string& s : said) ctx.err << fmt::format("{}: {}\n", a->file, s);
        if (a->dry_run) {
            for (const auto& [rel, body] : files) ctx.out << "# " << rel << '\n' << body;
            return 0;
        }
        write_all(root, files, ctx.out);
        size_t leaves = 0;
        for (const Task& t : plan.project.tasks) leaves += !t.is_summary();
        ctx.out << fmt::format("Imported {} tasks ({} summary), {} resources and {} calendars. Next: pmo check{}\n",
                               plan.project.tasks.size(), plan.project.tasks.size() - leaves, plan.resources.size(),
                               plan.calendars.size(), ctx.directory == "." ? "" : " -C " + ctx.directory);
        return 0;
    };
}

}  // namespace pmo
