#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pmo {

/// A span of working time as written: `5d`, `2w`, `16h`, `-3d`.
struct Duration {
    double value = 0;
    char unit = 'd';  ///< 'd' working days, 'w' working weeks, 'h' hours

    /// Whole working days in a calendar with `days_per_week` working days and `hours_per_day` hours,
    /// rounded up (hours and fractions never shorten work).
    double days(int days_per_week, double hours_per_day) const;
    std::string str() const;
};

/// The longest span the schedule takes, in working days once converted with its calendar (about
/// 3,800 years of five-day weeks): durations, lags, efforts over their units and estimates beyond it
/// are findings, so the scheduler's whole-day arithmetic never overflows or drops one.
inline constexpr double kMaxWorkingDays = 1e6;

/// Parses `<number><d|w|h>`; nullopt when the text is not a duration.
std::optional<Duration> parse_duration(std::string_view text);

/// Parses `40%` or `0.4` into a fraction (0.4); nullopt otherwise.
std::optional<double> parse_percent(std::string_view text);

/// Parses a plain decimal number (no units, no hex, no inf/nan).
std::optional<double> parse_number(std::string_view text);

}  // namespace pmo
