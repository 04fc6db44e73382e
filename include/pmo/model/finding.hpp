#pragma once

#include <pmo/model/position.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pmo {

enum class Severity { off, info, warning, error };

std::string_view to_string(Severity s);
/// Parses "off" | "info" | "warning" | "error".
bool parse_severity(std::string_view text, Severity& out);

/// A secondary place that explains a finding ("first defined here").
struct Note {
    Pos pos;
    std::string message;
};

/// One problem in the user's files. Problems are data, collected so one run reports them all.
struct Finding {
    Finding() = default;
    Finding(std::string rule_, Severity severity_, Pos pos_, std::string message_, std::vector<Note> notes_ = {})
        : rule(std::move(rule_)), severity(severity_), pos(pos_), message(std::move(message_)), notes(std::move(notes_)) {}

    std::string rule;
    Severity severity = Severity::error;
    Pos pos;
    std::string message;
    std::vector<Note> notes;
};

/// Where findings are collected, in the order they are found; sorted before output.
using Findings = std::vector<Finding>;

}  // namespace pmo
