#include <pmo/cli/cli.hpp>

#include <pmo/cli/context.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/spell.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace pmo {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"check", "Validate the portfolio against the file format and the PMO's standards", setup_check},
        {"init", "Create a new portfolio, or a new project from a template", setup_init},
        {"import", "Bring a plan in from Microsoft Project (MSPDI XML) or a CSV task list as new project and pool files",
         setup_import},
        {"plan", "Schedule the portfolio: calendars, dependencies, progress, levelling, critical path", setup_plan},
        {"resource", "Who is booked on what: load, utilisation, over-allocation, skills and cost", setup_resource},
        {"risk", "The risk register across projects, heat map, exposure, and Monte Carlo schedule risk", setup_risk},
        {"register", "The registers across projects: changes, issues, decisions, stakeholders, gates, lessons, actions",
         setup_register},
        {"report", "The weekly status report: RAG, milestones, earned value, risks, hot spots, baselines", setup_report},
        {"schema", "Print the JSON Schema of project or pool files, for editors", setup_schema},
    };
    return table;
}

namespace {

std::string top_help() {
    std::string s =
        "pmo: project portfolio management on plain files.\n\n"
        "Usage: pmo [--version] [--help] COMMAND [OPTIONS]\n\n"
        "Commands:\n";
    for (const Command& c : commands()) s += fmt::format("  {:<10}{}\n", c.name, c.summary);
    s += "\nRun 'pmo COMMAND --help' for a command's options; 'man pmo' and 'man 5 pmo-format' for more.\n";
    return s;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, const Environment& env) {
    Context ctx{out, err, env};
    CLI::App app{"pmo: project portfolio management on plain files", "pmo"};
    app.set_version_flag("--version", std::string("pmo ") + PMO_VERSION);
    app.require_subcommand(0, 1);
    std::function<int()> action;
    std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
    for (const Command& c : commands()) {
        CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
        actions.emplace_back(sub, c.setup(*sub, ctx));
    }
    try {
        // An unknown command gets a suggestion, like git and ninja do.
        if (argc > 1 && argv[1][0] != '-') {
            std::vector<std::string_view> names;
            for (const Command& c : commands()) names.push_back(c.name);
            if (std::find(names.begin(), names.end(), std::string_view(argv[1])) == names.end()) {
                err << fmt::format("pmo: error: unknown command '{}'{}\nRun 'pmo --help' for the list of commands.\n",
                                   argv[1], did_you_mean(argv[1], names));
                return 2;
            }
        }
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        // Help for the subcommand that was asked, else the overview.
        for (auto& [sub, fn] : actions)
            if (sub->parsed()) {
                out << sub->help();
                return 0;
            }
        out << top_help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        out << top_help();
        return 0;
    } catch (const CLI::CallForVersion& e) {
        out << e.what() << '\n';
        return 0;
    } catch (const CLI::ParseError& e) {
        err << "pmo: error: " << e.what() << "\n";
        for (auto& [sub, fn] : actions)
            if (sub->parsed()) {
                err << fmt::format("Run 'pmo {} --help' for its options.\n", sub->get_name());
                return 2;
            }
        err << "Run 'pmo --help' for usage.\n";
        return 2;
    }
    for (auto& [sub, fn] : actions)
        if (sub->parsed()) action = fn;
    if (!action) {
        out << top_help();
        return 0;
    }
    try {
        return action();
    } catch (const Error& e) {
        err << "pmo: error: " << e.what() << '\n';
        return e.exit_code();
    } catch (const std::bad_alloc&) {
        // What grew: the dates that span the portfolio, when they are known.
        err << "pmo: error: out of memory" << (ctx.memory_hint.empty() ? "" : ": " + ctx.memory_hint) << '\n';
        return 2;
    } catch (const std::exception& e) {
        err << "pmo: error: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace pmo
