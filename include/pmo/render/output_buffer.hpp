#pragma once

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// A command's whole output, held until it is complete (outputs are all or nothing), in blocks
/// of 1 MiB: a plan of 100 MB grows without the copies and page faults of a string that
/// doubles (std::ostringstream), and is written out block by block.
class OutputBuffer final : public std::streambuf {
public:
    static constexpr size_t kBlock = size_t{1} << 20;

    /// The text so far, in order.
    std::vector<std::string_view> blocks() const;
    size_t size() const;
    /// All of it as one string (for tests and small outputs).
    std::string str() const;

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

private:
    void next_block();
    std::vector<std::unique_ptr<char[]>> m_blocks;
};

/// An ostream that writes into an OutputBuffer.
class OutputStream final : public std::ostream {
public:
    OutputStream() : std::ostream(&m_buf) {}
    const OutputBuffer& buffer() const { return m_buf; }
    std::string str() const { return m_buf.str(); }

private:
    OutputBuffer m_buf;
};

}  // namespace pmo
