#pragma once

#include <stdexcept>
#include <string>

namespace pmo {

/// "Cannot go on": the one exception type. Problems in the user's files are findings, not this.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what, int exit_code = 2) : std::runtime_error(what), m_code(exit_code) {}
    int exit_code() const { return m_code; }

private:
    int m_code;
};

}  // namespace pmo
