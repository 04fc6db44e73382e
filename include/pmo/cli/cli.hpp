#pragma once

#include <map>
#include <ostream>
#include <string>

namespace pmo {

/// What the process knows about its surroundings; injected so the CLI runs the same in tests.
struct Environment {
    bool out_is_tty = false;
    bool err_is_tty = false;
    std::map<std::string, std::string> vars;  ///< NO_COLOR, GITHUB_ACTIONS, ...

    bool has(const std::string& k) const { return vars.count(k) > 0; }
    std::string get(const std::string& k) const {
        auto it = vars.find(k);
        return it == vars.end() ? std::string() : it->second;
    }
};

/// Runs pmo with `argv`; returns the exit status. Writes only to `out` and `err` (and `-o` files).
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, const Environment& env);

}  // namespace pmo
