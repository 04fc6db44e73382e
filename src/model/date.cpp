#include <pmo/model/date.hpp>

#include <chrono>
#include <fmt/format.h>

namespace pmo {

// Howard Hinnant's civil-date algorithms: exact for every date in the int32 day range.
Date Date::from_ymd(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return Date{era * 146097 + static_cast<int32_t>(doe) - 719468};
}

namespace {
struct Ymd {
    int y;
    unsigned m, d;
};
Ymd to_ymd(int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}
bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned days_in_month(int y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}
}  // namespace

bool looks_like_date(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (t[i] < '0' || t[i] > '9') return false;
    return true;
}

std::optional<Date> Date::parse(std::string_view t) {
    if (!looks_like_date(t)) return std::nullopt;
    auto num = [&](size_t at, size_t n) {
        int v = 0;
        for (size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
        return v;
    };
    const int y = num(0, 4);
    const int m = num(5, 2);
    const int d = num(8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m)))
        return std::nullopt;
    return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

Date Date::today() {
    const auto now = std::chrono::system_clock::now();
    return Date{static_cast<int32_t>(std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24)};
}

int Date::year() const { return to_ymd(days).y; }
unsigned Date::month() const { return to_ymd(days).m; }
unsigned Date::day() const { return to_ymd(days).d; }
std::string Date::iso() const {
    const Ymd v = to_ymd(days);
    if (v.y < 0 || v.y > 9999) return fmt::format("{:04d}-{:02d}-{:02d}", v.y, v.m, v.d);
    // By hand: a plan writes millions of dates, and ten characters fit in the string itself.
    const auto y = static_cast<unsigned>(v.y);
    const char s[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                        static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                        static_cast<char>('0' + v.m / 10), static_cast<char>('0' + v.m % 10), '-',
                        static_cast<char>('0' + v.d / 10), static_cast<char>('0' + v.d % 10)};
    return std::string(s, sizeof s);
}

}  // namespace pmo
