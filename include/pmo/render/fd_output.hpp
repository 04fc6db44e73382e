#pragma once

#include <streambuf>
#include <string>
#include <vector>

namespace pmo {

/// A stream buffer over a file descriptor (standard output) that remembers why a write failed,
/// so that a full disk, a closed descriptor or a file size limit end pmo with exit status 2
/// instead of a silent success. After the first error, further output is dropped.
class FdOutput final : public std::streambuf {
public:
    explicit FdOutput(int fd, size_t buffer = 1 << 16);
    ~FdOutput() override;

    /// errno of the first failed write, 0 when every write so far succeeded.
    int error() const { return m_error; }
    /// Why the output was lost, for "cannot write to standard output: ...".
    std::string reason() const;

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    bool drain(const char* data, size_t size);

    int m_fd;
    int m_error = 0;
    std::vector<char> m_buffer;
};

}  // namespace pmo
