#include <pmo/cli/context.hpp>
#include <pmo/load/source.hpp>
#include <pmo/load/template.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/findings.hpp>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;

namespace pmo {
namespace {

constexpr std::string_view kPmoToml = R"(# pmo.toml: the PMO's standards and settings. Every setting is shown with its default.
# See man 5 pmo-format.

[pmo]
name = {{name}}
# supportive: findings are warnings | controlling: errors fail CI | directive: warnings fail
# CI too, and changes, issues, decisions and gates need owners and approvers.
type = "controlling"
currency = "EUR"

[portfolio]
# Globs of files that are not loaded (templates/ and dot-directories never are).
exclude = ["archive/**"]

[schedule]
# The calendar of projects that name none (defined in a pool file).
calendar = "default"

[risk]
scale = 5              # probability and impact are 1..scale; score = probability x impact
high = 15              # score >= high: must have an owner, a response and a mitigation
medium = 8
review_days = 30       # open risks without review_by are due this long after `raised`
# probabilities = [10, 30, 50, 70, 90]   # percent for each probability step

[rag]                  # when `pmo report` colours a dimension amber or red (see man pmo-report)
spi_green = 0.95       # SPI at or above: green; at or above spi_amber: amber; else red
spi_amber = 0.90
cpi_green = 0.95
cpi_amber = 0.90
budget_amber = 1.00    # forecast cost / budget above this: amber
budget_red = 1.10      # ... above this: red
exposure_amber = 0.05  # open risks' expected cost / budget above this: amber
exposure_red = 0.10
slip_amber = 5         # a milestone's slip against the baseline, in working days
slip_red = 10
resource_delay_amber = 5   # waiting for people moves the finish by more than this: amber
cpi_min_complete = 0.20    # below this share complete, cost RAG uses actual + remaining planned cost, not CPI

[report]
# baseline = "v1.0"    # the git tag or commit `pmo report` compares with
period = "week"        # week | month: what finished last period, what starts next
top_risks = 3

[rules]
# Any rule's severity: "error" | "warning" | "info" | "off". `pmo check --list-rules` lists them.
# dangling-task = "warning"

[rules.task-too-long]
max = "20d"            # the work-package size limit

[rules.implausible-date]
years = 50             # a date this far from the status date is likely a mistyped year

# Fields a project must have, by phase (and optionally methodology).
[[require]]
phase = ["execution", "monitoring", "closing"]
fields = ["project.sponsor", "project.budget", "project.deadline", "risks"]
)";

constexpr std::string_view kResources = R"(# The resource pool and calendars, shared by every project.
calendars:
  default:
    workweek: [mon, tue, wed, thu, fri]
    hours_per_day: 8
    # Days off for everyone: the projects' first three years. Add your own, or read them from an
    # iCalendar file in the portfolio with `holidays_from: holidays/de-be.ics`.
    holidays:
      - {date: {{year}}-01-01, name: New Year's Day}
      - {date: {{year}}-12-25, name: Christmas Day}
      - {date: {{year1}}-01-01, name: New Year's Day}
      - {date: {{year1}}-12-25, name: Christmas Day}
      - {date: {{year2}}-01-01, name: New Year's Day}
      - {date: {{year2}}-12-25, name: Christmas Day}

resources:
  - id: pm
    name: Project Manager
    role: project-manager
    skills: [planning]
    rate: 100
  - id: dev
    name: Development team
    role: developer
    skills: [development]
    units: 300%          # a team of three
    rate: 80
)";

// What every project made from the built-in templates must keep (pmo check enforces it).
constexpr std::string_view kWaterfallRules = R"(template:
  # A project template: `pmo init --project ID --template waterfall` writes a project from it
  # (without this block), and `pmo check` reports what a project with `template: waterfall` no
  # longer keeps: every milestone and gate below by id, and what this block asks for.
  description: Plan-driven delivery in phases, with a go-live.
  registers: [risks]
  fields:
    - phase: [execution, monitoring, closing]
      fields: [project.deadline, project.budget]

)";

constexpr std::string_view kAgileRules = R"(template:
  # A project template: `pmo init --project ID --template agile` writes a project from it
  # (without this block), and `pmo check` reports what a project with `template: agile` no
  # longer keeps: every milestone and gate below by id, and what this block asks for.
  description: Iterative delivery in sprints towards a release.
  registers: [risks]

)";

/// The head of every built-in project template; its methodology follows (builtin_project).
constexpr std::string_view kProjectHead = R"(project:
  id: {{id}}
  name: {{name}}
  start: {{start}}
  manager: pm
  sponsor: To be named
  phase: initiation
)";

// What follows the head in each built-in template.
constexpr std::string_view kWaterfallBody = R"(
tasks:
  - id: initiation
    name: Initiation
    tasks:
      - {id: charter, name: Project charter, duration: 5d, assign: [pm]}
      - {id: kickoff, name: Kick-off, milestone: true, depends: [charter]}
  - id: analysis
    name: Requirements
    duration: 10d
    assign: [pm]
    depends: [initiation]
  - id: build
    name: Build
    effort: 30d
    assign: [{resource: dev, units: 300%}]   # the whole team: 10 working days
    skills: [development]
    depends: [analysis]
  - id: test
    name: Test
    duration: 10d
    assign: [dev]
    depends: [build]
  - id: golive
    name: Go-live
    milestone: true
    depends: [test]

risks:
  - id: r1
    title: Requirements change late
    owner: pm
    probability: 3
    impact: 3
    response: mitigate
    mitigation: Sign-off on requirements before build starts.
    affects: [build]
    raised: {{start}}
)";

constexpr std::string_view kAgileBody = R"(
tasks:
  - id: inception
    name: Inception
    duration: 5d
    assign: [pm]
  - id: sprint-1
    name: Sprint 1
    duration: 2w
    assign: [{resource: dev, units: 300%}]
    depends: [inception]
  - id: sprint-2
    name: Sprint 2
    duration: 2w
    assign: [{resource: dev, units: 300%}]
    depends: [sprint-1]
  - id: sprint-3
    name: Sprint 3
    duration: 2w
    assign: [{resource: dev, units: 300%}]
    depends: [sprint-2]
  - id: release
    name: Release
    milestone: true
    depends: [sprint-3]

risks:
  - id: r1
    title: Backlog is not refined in time
    owner: pm
    probability: 2
    impact: 3
    response: mitigate
    mitigation: Weekly refinement with the product owner.
    affects: [sprint-1]
    raised: {{start}}
)";

/// A built-in project template: the common head, its methodology and its own tasks and risks.
std::string builtin_project(std::string_view methodology, std::string_view body) {
    return fmt::format("{}  methodology: {}\n{}", kProjectHead, methodology, body);
}

/// --assign pm=alice,dev=bob
std::map<std::string, std::string> parse_assign(const std::vector<std::string>& items) {
    std::map<std::string, std::string> m;
    for (const std::string& item : items) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            throw Error(fmt::format("--assign: expected PLACEHOLDER=RESOURCE like pm=alice, got '{}'", item));
        if (!m.emplace(item.substr(0, eq), item.substr(eq + 1)).second)
            throw Error(fmt::format("--assign: '{}' is mapped twice", item.substr(0, eq)));
    }
    return m;
}

std::string fill(std::string_view text, const std::vector<std::pair<std::string, std::string>>& vars) {
    std::string s(text);
    for (const auto& [k, v] : vars) {
        const std::string key = "{{" + k + "}}";
        for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + v.size())) s.replace(at, key.size(), v);
    }
    return s;
}

/// Writes every file or none: refuses when any already exists.
void create_all(const std::vector<std::pair<fs::path, std::string>>& files, std::ostream& out) {
    std::error_code ec;
    for (const auto& [path, text] : files) {
        if (fs::exists(fs::symlink_status(path, ec)))
            throw Error(fmt::format("'{}' already exists; pmo init never overwrites a file", path.string()));
        // A file where a directory must go (a file named projects) fails before anything is written.
        for (fs::path p = path.parent_path(); !p.empty() && p != p.parent_path(); p = p.parent_path()) {
            const fs::file_status st = fs::status(p, ec);
            if (fs::exists(st) && !fs::is_directory(st))
                throw Error(fmt::format("cannot create '{}': '{}' is not a directory", path.string(), p.string()));
        }
    }
    // Written one by one; on a failure (a full disk, a permission) what was written is removed.
    std::vector<fs::path> made;
    auto undo = [&made] {
        std::error_code e;
        for (auto it = made.rbegin(); it != made.rend(); ++it) fs::remove(*it, e);
    };
    for (const auto& [path, text] : files) {
        std::vector<fs::path> new_dirs;
        for (fs::path p = path.parent_path(); !p.empty() && !fs::exists(fs::symlink_status(p, ec)); p = p.parent_path())
            new_dirs.push_back(p);
        fs::create_directories(path.parent_path(), ec);
        if (ec) {
            undo();
            throw Error(fmt::format("cannot create '{}': {}", path.parent_path().string(), ec.message()));
        }
        made.insert(made.end(), new_dirs.rbegin(), new_dirs.rend());
        made.push_back(path);
        std::ofstream f(path, std::ios::binary | std::ios::out);
        f << text;
        f.close();
        if (!f) {
            const int err = errno;
            undo();
            throw Error(fmt::format("cannot write '{}': {}; nothing was created", path.string(), std::strerror(err)));
        }
    }
    for (const auto& [path, text] : files) out << "created " << path.string() << '\n';
}

/// A value for a YAML template: yaml-cpp's emitter picks plain or quoted ('Phase 2: build' needs
/// quotes); a line break or control character is always written double-quoted and escaped, and
/// so is a value with , [ ] { } (a placeholder may sit in a flow mapping), so a name can never
/// add a key. Inside quotes the template wrote (`quote`), the value is escaped for them.
std::string yaml_value(const std::string& v, char quote) {
    bool control = false;
    for (char c : v) control = control || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    if (quote == '\'') {
        // Single quotes can hold anything but a line break (which they fold) and other controls.
        if (control) throw Error("a line break or control character cannot be written inside the template's single quotes");
        std::string r;
        for (char c : v) r += c == '\'' ? std::string("''") : std::string(1, c);
        return r;
    }
    YAML::Emitter e;
    if (control || quote || v.find_first_of(",[]{}") != std::string::npos) e << YAML::DoubleQuoted;
    e << v;
    std::string r = e.c_str();
    if (quote == '"' && r.size() >= 2 && r.front() == '"') r = r.substr(1, r.size() - 2);
    return r;
}

/// The quote open at `at` in `s` ('"', '\'' or 0), reading its line from the start: escapes in
/// double quotes, '' in single quotes, a '#' comment.
char open_quote(const std::string& s, size_t at) {
    const size_t line = s.rfind('\n', at == 0 ? 0 : at - 1);
    char q = 0;
    for (size_t i = line == std::string::npos ? 0 : line + 1; i < at; ++i) {
        const char c = s[i];
        if (q == '"') {
            if (c == '\\') ++i;
            else if (c == '"') q = 0;
        } else if (q == '\'') {
            if (c == '\'' && i + 1 < at && s[i + 1] == '\'') ++i;
            else if (c == '\'') q = 0;
        } else if (c == '"' || c == '\'') {
            q = c;
        } else if (c == '#' && (i == 0 || s[i - 1] == ' ')) {
            break;  // a comment: the placeholder is in it, written as is
        }
    }
    return q;
}

/// `fill` for YAML: each value written as yaml_value for the quoting around its placeholder.
std::string fill_yaml(std::string_view text, const std::vector<std::pair<std::string, std::string>>& vars) {
    std::string s(text);
    for (const auto& [k, v] : vars) {
        const std::string key = "{{" + k + "}}";
        for (size_t at = s.find(key); at != std::string::npos;) {
            std::string value;
            try {
                value = yaml_value(v, open_quote(s, at));
            } catch (const Error& e) {
                throw Error(fmt::format("--{}: {}", k, e.what()));
            }
            s.replace(at, key.size(), value);
            at = s.find(key, at + value.size());
        }
    }
    return s;
}

/// A TOML string value, written by toml++ (quotes and escapes as TOML wants them).
std::string toml_value(const std::string& v) {
    std::ostringstream os;
    os << toml::value<std::string>(v);
    return os.str();
}

Date next_monday(Date d) {
    while (d.weekday() != 0) d = d + 1;
    return d;
}

}  // namespace

std::function<int()> setup_init(CLI::App& app, Context& ctx) {
    struct Args {
        std::string dir = ".", project, tmpl = "waterfall", name, start;
        std::vector<std::string> assign;
    };
    auto a = std::make_shared<Args>();
    app.add_option("DIR", a->dir, "Where to create the portfolio (default: the current directory)");
    app.add_option("--project", a->project, "Create a project with this id from a template, in the portfolio at DIR or -C")
        ->option_text("ID");
    app.add_option("--template", a->tmpl, "Template: templates/NAME.yaml of the portfolio, or built-in waterfall | agile")
        ->option_text("NAME");
    app.add_option("--name", a->name, "Display name of the new project or portfolio")->option_text("TEXT");
    app.add_option("--start", a->start, "Start date of the new project (default: next Monday)")->option_text("DATE");
    app.add_option("--assign", a->assign,
                   "Map the template's people to the pool: pm=alice,dev=bob (repeatable); unmapped ones that are not "
                   "in the pool are left out with a comment")
        ->delimiter(',')
        ->option_text("PLACEHOLDER=ID");
    app.add_option("-C,--directory", ctx.directory, "Portfolio directory: for --project, or where to create one (as DIR)")->option_text("DIR");
    app.footer("pmo init never overwrites a file: it creates all of its files, or none.");
    return [&ctx, a]() -> int {
        Date start = next_monday(ctx.today);
        if (!a->start.empty()) {
            auto d = Date::parse(a->start);
            if (!d) throw Error(fmt::format("--start: expected a date like 2027-03-01, got '{}'", a->start));
            start = *d;
        }
        if (a->dir != "." && ctx.directory != ".")
            throw Error(fmt::format("give the directory once: DIR ('{}') or -C ('{}'), not both", a->dir, ctx.directory));
        if (a->project.empty()) {
            // -C DIR names the directory as for every command: never the current one behind it.
            if (ctx.directory != ".") a->dir = ctx.directory;
            const fs::path dir(a->dir);
            const std::string year = std::to_string(start.year());
            const std::string name = a->name.empty() ? "Our PMO" : a->name;
            std::vector<std::pair<std::string, std::string>> vars{{"name", name},
                                                                  {"year", year},
                                                                  {"year1", std::to_string(start.year() + 1)},
                                                                  {"year2", std::to_string(start.year() + 2)}};
            std::vector<std::pair<std::string, std::string>> pvars{
                {"id", "first-project"}, {"name", "First project"}, {"start", start.iso()}};
            const std::string waterfall = std::string(kWaterfallRules) + builtin_project("waterfall", kWaterfallBody);
            const TemplateInstance first = instantiate_template(fill_yaml(waterfall, pvars),
                                                                "waterfall", {}, [](std::string_view) { return std::optional<double>(10.0); });
            create_all({{dir / "pmo.toml", fill(kPmoToml, {{"name", toml_value(name)}, {"year", year}})},
                        {dir / "resources.yaml", fill_yaml(kResources, vars)},
                        {dir / "projects" / "first-project.yaml", first.text},
                        {dir / "templates" / "waterfall.yaml", waterfall},
                        {dir / "templates" / "agile.yaml", std::string(kAgileRules) + builtin_project("agile", kAgileBody)}},
                       ctx.out);
            ctx.out << "Next: edit the files, then run: pmo check" << (a->dir == "." ? "" : " -C " + a->dir) << '\n';
            return 0;
        }
        // A new project from a template.
        const std::string& id = a->project;
        if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            }) || id[0] == '_' || id[0] == '.' || id[0] == '-')
            throw Error(fmt::format("--project: '{}' is not a valid id ([a-z0-9][a-z0-9_.-]*)", id));
        const std::string base = a->dir != "." ? a->dir : ctx.directory;
        const fs::path root = find_root(base);
        std::string text, template_name;
        const fs::path tpath = root / "templates" / (a->tmpl + ".yaml");
        std::error_code ec;
        if (fs::exists(tpath, ec)) {
            std::ifstream in(tpath, std::ios::binary);
            text.assign(std::istreambuf_iterator<char>(in), {});
            template_name = a->tmpl;  // a file of the portfolio: the project keeps to it
        } else if (a->tmpl == "waterfall") text = builtin_project("waterfall", kWaterfallBody);
        else if (a->tmpl == "agile") text = builtin_project("agile", kAgileBody);
        else
            throw Error(fmt::format("no template '{}': not in {}/templates/ and not built in (waterfall, agile)", a->tmpl,
                                    root.string()));
        const std::string name = a->name.empty() ? id : a->name;
        const std::map<std::string, std::string> assign = parse_assign(a->assign);

        // The people the project can be given are the pool's.
        const DirectorySource source(root.string());
        const LoadResult before = load_portfolio(source);
        const Portfolio& pf = before.portfolio;
        std::vector<std::string_view> pool;
        for (const Resource& r : pf.resources) pool.push_back(r.id);
        for (const auto& [from, to] : assign)
            if (!pf.find_resource(to))
                throw Error(fmt::format("--assign {}={}: there is no resource '{}' in the pool{}", from, to, to,
                                        did_you_mean(to, pool)));
        const TemplateInstance made =
            instantiate_template(fill_yaml(text, {{"id", id}, {"name", name}, {"start", start.iso()}}), template_name, assign,
                                 [&pf](std::string_view who) {
                                     const Resource* r = pf.find_resource(who);
                                     return r ? std::optional<double>(r->capacity()) : std::nullopt;
                                 });
        if (!made.error.empty()) throw Error(fmt::format("template '{}': {}", a->tmpl, made.error));
        for (const auto& [from, to] : assign)
            if (std::find(made.people.begin(), made.people.end(), from) == made.people.end())
                throw Error(fmt::format("--assign {}={}: template '{}' names nobody '{}'{}", from, to, a->tmpl, from,
                                        made.people.empty() ? std::string()
                                                            : fmt::format(" (it names {})", fmt::join(made.people, ", "))));

        const std::string rel = "projects/" + id + ".yaml";
        if (pf.find_project(id) && !fs::exists(fs::symlink_status(root / rel, ec)))
            throw Error(fmt::format("the portfolio already has a project '{}'", id));
        create_all({{root / "projects" / (id + ".yaml"), made.text}}, ctx.out);
        if (!made.left_out.empty())
            ctx.err << fmt::format("pmo init: left out {} (not in the pool); map them with --assign, e.g. --assign {}={}\n",
                                   fmt::join(made.left_out, ", "), made.left_out.front(),
                                   pool.empty() ? std::string("ID") : std::string(pool.front()));
        // What `pmo check` will say about the new file, while the user is still here.
        const LoadResult after = load_portfolio(source);
        const CheckResult checked = check_portfolio(after, ctx.check_options());
        CheckResult mine;
        for (const Finding& f : checked.findings)
            if (f.pos.file >= 0 && after.portfolio.files[static_cast<size_t>(f.pos.file)] == rel) {
                mine.findings.push_back(f);
                if (f.severity == Severity::error) ++mine.errors;
                else if (f.severity == Severity::warning) ++mine.warnings;
            }
        if (!mine.findings.empty()) {
            ctx.err << "pmo init: pmo check will report on the new project:\n";
            render_findings(ctx.err, FindingsFormat::text, mine, after.portfolio);
        }
        return 0;
    };
}

}  // namespace pmo
