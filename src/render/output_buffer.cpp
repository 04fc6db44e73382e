#include <pmo/render/output_buffer.hpp>

#include <algorithm>
#include <cstring>

namespace pmo {

void OutputBuffer::next_block() {
    // make_unique_for_overwrite: the block's pages are touched only when written.
    m_blocks.push_back(std::make_unique_for_overwrite<char[]>(kBlock));
    char* b = m_blocks.back().get();
    setp(b, b + kBlock);
}

OutputBuffer::int_type OutputBuffer::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    next_block();
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

std::streamsize OutputBuffer::xsputn(const char* s, std::streamsize n) {
    std::streamsize done = 0;
    while (done < n) {
        if (pptr() == epptr()) next_block();
        const auto room = static_cast<std::streamsize>(epptr() - pptr());
        const std::streamsize k = std::min(room, n - done);
        std::memcpy(pptr(), s + done, static_cast<size_t>(k));
        // pbump takes an int: k is at most one block.
        pbump(static_cast<int>(k));
        done += k;
    }
    return n;
}

std::vector<std::string_view> OutputBuffer::blocks() const {
    std::vector<std::string_view> r;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        const size_t used = i + 1 < m_blocks.size() ? kBlock : static_cast<size_t>(pptr() - m_blocks[i].get());
        if (used) r.emplace_back(m_blocks[i].get(), used);
    }
    return r;
}

size_t OutputBuffer::size() const {
    return m_blocks.empty() ? 0 : (m_blocks.size() - 1) * kBlock + static_cast<size_t>(pptr() - m_blocks.back().get());
}

std::string OutputBuffer::str() const {
    std::string r;
    r.reserve(size());
    for (std::string_view b : blocks()) r += b;
    return r;
}

}  // namespace pmo
