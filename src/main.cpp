#include <pmo/cli/cli.hpp>
#include <pmo/render/fd_output.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
    // A descriptor 0-2 the caller closed (`<&-`, `>&-`) is reopened on /dev/null, read-only: no
    // file pmo opens and no pipe to git lands there, and writes to it still fail, so a closed
    // standard output is an error rather than a silent success.
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) ::open("/dev/null", O_RDONLY);
    // Past a file size limit (ulimit -f), a write fails with EFBIG and pmo says so, instead of
    // dying of SIGXFSZ.
    std::signal(SIGXFSZ, SIG_IGN);

    pmo::Environment env;
    env.out_is_tty = isatty(STDOUT_FILENO);
    env.err_is_tty = isatty(STDERR_FILENO);
    for (char** e = environ; e && *e; ++e) {
        const std::string kv(*e);
        const size_t eq = kv.find('=');
        if (eq != std::string::npos) env.vars[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    std::ios::sync_with_stdio(false);
    pmo::FdOutput stdout_buffer(STDOUT_FILENO);
    std::ostream out(&stdout_buffer);
    int rc = pmo::run(argc, argv, out, std::cerr, env);
    out.flush();
    if (stdout_buffer.error()) {
        std::cerr << "pmo: error: cannot write to standard output: " << stdout_buffer.reason() << '\n';
        rc = 2;
    } else if (::close(STDOUT_FILENO) != 0 && errno != EINTR && errno != EBADF) {
        // A network file system may report the failed write only now.
        std::cerr << "pmo: error: cannot write to standard output: " << std::strerror(errno) << '\n';
        rc = 2;
    }
    return rc;
}
