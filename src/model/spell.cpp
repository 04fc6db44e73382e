#include <pmo/model/spell.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace pmo {

std::string ascii_lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = ascii_lower(c);
    return r;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment distance, two rows at a time.
    std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string_view suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
    // Like ninja's SpellcheckString: near enough means at most a third of the word, and at most 3.
    const size_t limit = std::min<size_t>(3, std::max<size_t>(1, word.size() / 3));
    std::string_view best;
    size_t best_d = limit + 1;
    for (std::string_view c : candidates) {
        if (c.size() > word.size() + limit || word.size() > c.size() + limit) continue;
        const size_t d = edit_distance(word, c);
        if (d >= word.size()) continue;  // replacing the whole word is no typo fix
        if (d < best_d || (d == best_d && c < best)) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    const std::string_view s = suggest(word, candidates);
    return s.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", s);
}

}  // namespace pmo
