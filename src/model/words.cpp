#include <pmo/model/words.hpp>

#include <cmath>
#include <fmt/format.h>

namespace pmo {

std::string counted(long long n, std::string_view noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 || n == -1 ? "" : "s");
}

std::string signed_working_days(long long n) { return (n > 0 ? "+" : "") + working_days(n); }

std::string two_decimals(double v) {
    const double r = std::round(v * 100) / 100;
    if (r == std::floor(r) && std::fabs(r) < 1e15) return fmt::format("{}", static_cast<long long>(r));
    std::string s = fmt::format("{:.2f}", r);
    while (s.back() == '0') s.pop_back();
    return s;
}

std::string money(double v) {
    const std::string digits = fmt::format("{:.0f}", std::fabs(std::round(v)));
    std::string r = std::round(v) < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) r += ',';
        r += digits[i];
    }
    return r;
}

}  // namespace pmo
