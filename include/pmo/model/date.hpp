#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pmo {

/// A calendar date, stored as days since 1970-01-01 (proleptic Gregorian).
struct Date {
    int32_t days = 0;

    static Date from_ymd(int y, unsigned m, unsigned d);
    /// Parses strict ISO 8601 `YYYY-MM-DD`; nullopt for anything else, including 2027-02-30.
    static std::optional<Date> parse(std::string_view text);
    static Date today();

    int year() const;
    unsigned month() const;
    unsigned day() const;
    /// 0 = Monday ... 6 = Sunday. Inline: calendars ask it of every day they cover.
    int weekday() const {
        const int w = (days + 3) % 7;  // 1970-01-01 was a Thursday (index 3 with Monday = 0)
        return w < 0 ? w + 7 : w;
    }
    std::string iso() const;

    Date operator+(int32_t n) const { return Date{days + n}; }
    Date operator-(int32_t n) const { return Date{days - n}; }
    int32_t operator-(Date o) const { return days - o.days; }
    friend bool operator==(Date, Date) = default;
    friend auto operator<=>(Date, Date) = default;
};

/// True when `text` has the shape YYYY-MM-DD, valid or not (to tell "not a date" from "no such day").
bool looks_like_date(std::string_view text);

}  // namespace pmo
