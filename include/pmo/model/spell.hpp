#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// `c` in lower case if it is an ASCII capital (A-Z); every other byte as it is (UTF-8 untouched).
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
/// `s` with its ASCII capitals in lower case, byte by byte: what "without regard to case" means
/// wherever pmo matches a word (ids, names, headers, enumeration values).
std::string ascii_lower(std::string_view s);
/// Whether `a` and `b` are the same but for the case of ASCII letters.
bool equal_ignoring_case(std::string_view a, std::string_view b);

/// Edit distance between two words (insertions, deletions, substitutions, transpositions).
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, if it is near enough to be a likely typo; else empty.
std::string_view suggest(std::string_view word, const std::vector<std::string_view>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace pmo
