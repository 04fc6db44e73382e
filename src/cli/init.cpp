#include <pmo/cli/context.hpp>
#include <pmo/cli/error.hpp>
#include <pmo/load/source.hpp>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace fs = std::filesystem;

namespace pmo {
namespace {

constexpr std::string_view kPmoToml = R"(# pmo.toml: the PMO's standards and settings. Every setting is shown with its default.
# See man 5 pmo-format.

[pmo]
name = "{{name}}"
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
    holidays:
      - {date: {{year}}-01-01, name: New Year's Day}
      - {date: {{year}}-12-25, name: Christmas Day}

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

constexpr std::string_view kWaterfall = R"(project:
  id: {{id}}
  name: {{name}}
  start: {{start}}
  manager: pm
  sponsor: To be named
  phase: initiation
  methodology: waterfall

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

constexpr std::string_view kAgile = R"(project:
  id: {{id}}
  name: {{name}}
  start: {{start}}
  manager: pm
  sponsor: To be named
  phase: initiation
  methodology: agile

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
    for (const auto& [path, text] : files)
        if (fs::exists(fs::symlink_status(path, ec)))
            throw Error(fmt::format("'{}' already exists; pmo init never overwrites a file", path.string()));
    for (const auto& [path, text] : files) {
        fs::create_directories(path.parent_path(), ec);
        if (ec) throw Error(fmt::format("cannot create '{}': {}", path.parent_path().string(), ec.message()));
        std::ofstream f(path, std::ios::binary | std::ios::out);
        f << text;
        f.close();
        if (!f) throw Error(fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno)));
        out << "created " << path.string() << '\n';
    }
}

Date next_monday(Date d) {
    while (d.weekday() != 0) d = d + 1;
    return d;
}

}  // namespace

std::function<int()> setup_init(CLI::App& app, Context& ctx) {
    struct Args {
        std::string dir = ".", project, tmpl = "waterfall", name, start;
    };
    auto a = std::make_shared<Args>();
    app.add_option("DIR", a->dir, "Where to create the portfolio (default: the current directory)");
    app.add_option("--project", a->project, "Create a project with this id from a template, in the portfolio at DIR or -C")
        ->option_text("ID");
    app.add_option("--template", a->tmpl, "Template: templates/NAME.yaml of the portfolio, or built-in waterfall | agile")
        ->option_text("NAME");
    app.add_option("--name", a->name, "Display name of the new project or portfolio")->option_text("TEXT");
    app.add_option("--start", a->start, "Start date of the new project (default: next Monday)")->option_text("DATE");
    app.add_option("-C,--directory", ctx.directory, "Portfolio directory for --project")->option_text("DIR");
    app.footer("pmo init never overwrites a file: it creates all of its files, or none.");
    return [&ctx, a]() -> int {
        Date start = next_monday(Date::today());
        if (!a->start.empty()) {
            auto d = Date::parse(a->start);
            if (!d) throw Error(fmt::format("--start: expected a date like 2027-03-01, got '{}'", a->start));
            start = *d;
        }
        if (a->project.empty()) {
            const fs::path dir(a->dir);
            const std::string year = std::to_string(start.year());
            const std::string name = a->name.empty() ? "Our PMO" : a->name;
            std::vector<std::pair<std::string, std::string>> vars{{"name", name}, {"year", year}};
            std::vector<std::pair<std::string, std::string>> pvars{
                {"id", "first-project"}, {"name", "First project"}, {"start", start.iso()}};
            create_all({{dir / "pmo.toml", fill(kPmoToml, vars)},
                        {dir / "resources.yaml", fill(kResources, vars)},
                        {dir / "projects" / "first-project.yaml", fill(kWaterfall, pvars)},
                        {dir / "templates" / "waterfall.yaml", std::string(kWaterfall)},
                        {dir / "templates" / "agile.yaml", std::string(kAgile)}},
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
        std::string text;
        const fs::path tpath = root / "templates" / (a->tmpl + ".yaml");
        std::error_code ec;
        if (fs::exists(tpath, ec)) {
            std::ifstream in(tpath, std::ios::binary);
            text.assign(std::istreambuf_iterator<char>(in), {});
        } else if (a->tmpl == "waterfall") text = kWaterfall;
        else if (a->tmpl == "agile") text = kAgile;
        else
            throw Error(fmt::format("no template '{}': not in {}/templates/ and not built in (waterfall, agile)", a->tmpl,
                                    root.string()));
        const std::string name = a->name.empty() ? id : a->name;
        create_all({{root / "projects" / (id + ".yaml"), fill(text, {{"id", id}, {"name", name}, {"start", start.iso()}})}},
                   ctx.out);
        return 0;
    };
}

}  // namespace pmo
