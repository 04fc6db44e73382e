#pragma once

#include <pmo/model/records.hpp>

#include <optional>
#include <span>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// The registers `pmo register` lists, in the order it lists them.
std::span<const std::string_view> register_kinds();

struct RegisterFilter {
    std::vector<std::string> kinds;                  ///< registers ("changes", ...); in register_kinds() order
    std::set<std::string> projects;                  ///< empty: all
    std::set<std::string> statuses;                  ///< empty: any; else only records with one of these
    std::set<std::string> owners;                    ///< spellings of the owners wanted; empty: any
    bool overdue = false;                            ///< only what record_overdue says
    std::optional<Date> as_of;                       ///< for overdue: default each project's status date
    Date today;                                      ///< for overdue without either; read once by the caller
    std::string category;                            ///< lessons of this category (without regard to case)
    std::string text;                                ///< in the title, name or description (without regard to case)
    const Portfolio* since = nullptr;                ///< only records added or changed since this portfolio
};

/// One record of a register, with what follows from it.
struct RegisterRow {
    int32_t project = -1;
    int32_t record = -1;  ///< index into the project's records
    bool overdue = false;
    std::string since;    ///< with a `since` filter: "added" or "changed"
};

struct RegisterListing {
    std::vector<std::string> kinds;  ///< the registers listed
    std::vector<RegisterRow> rows;   ///< by project id, then register, then as written
    bool since = false;              ///< rows say what changed since a revision
};

/// The registers of the portfolio, filtered.
RegisterListing list_registers(const Portfolio& pf, const RegisterFilter& filter);

/// Whether `needle` is in `haystack`, ASCII letters compared without regard to case.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);

}  // namespace pmo
