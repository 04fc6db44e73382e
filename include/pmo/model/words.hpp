#pragma once
// Quantities in words, as findings, reasons and every output say them: one place for each, so a
// slip reads the same in a check finding, the report and a tooltip.

#include <string>
#include <string_view>

namespace pmo {

/// An amount rounded to whole units with thousands separated: "1,234,567".
std::string money(double v);

/// A number rounded to two decimals and written as short as it goes: "5", "1.5", "0.25".
std::string two_decimals(double v);

/// A count with its noun, singular for one: "1 working day", "3 working days".
std::string counted(long long n, std::string_view noun);

/// The same for working days, the unit of every slip and delay.
inline std::string working_days(long long n) { return counted(n, "working day"); }

/// A signed count of working days, "+" before a gain of time lost: "+3 working days", "-1 working day".
std::string signed_working_days(long long n);

}  // namespace pmo
