#pragma once

#include <stdexcept>
#include <string>

namespace pmo {

/// "Cannot go on": the one exception type of every layer (a git revision that cannot be read,
/// an output file that cannot be written, a plan past 9999-12-31 or with a dependency cycle,
/// a bad command-line value). The message says what and why; whoever adds context (which
/// option, which revision) catches it and throws a new one. main() prints "pmo: error: " and
/// the message, and exits with exit_code(). Problems in the user's files are findings, not this.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what, int exit_code = 2) : std::runtime_error(what), m_code(exit_code) {}
    int exit_code() const { return m_code; }

private:
    int m_code;
};

}  // namespace pmo
