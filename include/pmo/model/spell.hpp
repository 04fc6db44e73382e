#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// Edit distance between two words (insertions, deletions, substitutions, transpositions).
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, if it is near enough to be a likely typo; else empty.
std::string_view suggest(std::string_view word, const std::vector<std::string_view>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace pmo
