#include <pmo/model/duration.hpp>

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace pmo {

std::optional<double> parse_number(std::string_view t) {
    if (t.empty()) return std::nullopt;
    size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    bool digits = false, dot = false;
    for (size_t k = i; k < t.size(); ++k) {
        if (t[k] >= '0' && t[k] <= '9') digits = true;
        else if (t[k] == '.' && !dot) dot = true;
        else if ((t[k] == 'e' || t[k] == 'E') && digits && k + 1 < t.size()) {
            // An exponent: the rest must be [+-]digits.
            size_t e = k + 1;
            if (t[e] == '+' || t[e] == '-') ++e;
            if (e >= t.size()) return std::nullopt;
            for (; e < t.size(); ++e)
                if (t[e] < '0' || t[e] > '9') return std::nullopt;
            break;
        } else return std::nullopt;
    }
    if (!digits) return std::nullopt;
    double v = 0;
    const char* first = t.data() + (t[0] == '+' ? 1 : 0);
    auto [p, ec] = std::from_chars(first, t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<Duration> parse_duration(std::string_view t) {
    if (t.size() < 2) return std::nullopt;
    const char u = t.back();
    if (u != 'd' && u != 'w' && u != 'h') return std::nullopt;
    auto v = parse_number(t.substr(0, t.size() - 1));
    if (!v) return std::nullopt;
    return Duration{*v, u};
}

std::optional<double> parse_percent(std::string_view t) {
    if (!t.empty() && t.back() == '%') {
        auto v = parse_number(t.substr(0, t.size() - 1));
        if (!v) return std::nullopt;
        return *v / 100.0;
    }
    return parse_number(t);
}

double Duration::days(int days_per_week, double hours_per_day) const {
    double d = value;
    if (unit == 'w') d = value * days_per_week;
    else if (unit == 'h') d = hours_per_day > 0 ? value / hours_per_day : value;
    // Round up, but forgive floating-point dust: 16h / 8h is 2 days, not 3.
    const double r = std::round(d);
    return std::fabs(d - r) < 1e-9 ? r : std::ceil(d);
}

std::string Duration::str() const {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{}{}", static_cast<long long>(value), unit);
    return fmt::format("{}{}", value, unit);
}

}  // namespace pmo
