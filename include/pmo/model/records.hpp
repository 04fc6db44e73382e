#pragma once

#include <pmo/model/portfolio.hpp>

#include <string>
#include <string_view>

namespace pmo {

/// A record's field as written, or "".
std::string_view record_field(const Record& r, std::string_view key);

/// A record's status as it counts: as written, else its register's default (a change is
/// proposed, an issue or action open, a decision decided, a gate pending); empty for a
/// register without one (stakeholders, lessons).
std::string record_status(const Record& r);

/// An issue or action still open (or in progress) whose due date, or a pending gate whose
/// date, is before `today`.
bool record_overdue(const Record& r, Date today);

}  // namespace pmo
