#include <pmo/cli/cli.hpp>

#include <cstdlib>
#include <iostream>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
    pmo::Environment env;
    env.out_is_tty = isatty(STDOUT_FILENO);
    env.err_is_tty = isatty(STDERR_FILENO);
    for (char** e = environ; e && *e; ++e) {
        const std::string kv(*e);
        const size_t eq = kv.find('=');
        if (eq != std::string::npos) env.vars[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    std::ios::sync_with_stdio(false);
    const int rc = pmo::run(argc, argv, std::cout, std::cerr, env);
    std::cout.flush();
    return rc;
}
