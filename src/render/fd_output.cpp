#include <pmo/render/fd_output.hpp>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace pmo {

FdOutput::FdOutput(int fd, size_t buffer) : m_fd(fd), m_buffer(buffer > 0 ? buffer : 1) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

FdOutput::~FdOutput() { sync(); }

std::string FdOutput::reason() const {
    if (m_error == EBADF) return "it is closed";
    return std::strerror(m_error);
}

bool FdOutput::drain(const char* data, size_t size) {
    while (size > 0 && m_error == 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            m_error = errno;
            break;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return m_error == 0;
}

int FdOutput::sync() {
    const bool ok = drain(pbase(), static_cast<size_t>(pptr() - pbase()));
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    return ok ? 0 : -1;
}

FdOutput::int_type FdOutput::overflow(int_type c) {
    if (sync() != 0) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

std::streamsize FdOutput::xsputn(const char* s, std::streamsize n) {
    if (m_error) return 0;
    const auto room = epptr() - pptr();
    if (n <= room) {
        std::memcpy(pptr(), s, static_cast<size_t>(n));
        pbump(static_cast<int>(n));
        return n;
    }
    // Larger than the buffer's room: flush, then write the block straight through.
    if (sync() != 0 || !drain(s, static_cast<size_t>(n))) return 0;
    return n;
}

}  // namespace pmo
