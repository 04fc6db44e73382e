#pragma once

#include <pmo/model/portfolio.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// A line of the file being imported and what is said about it.
struct ImportMessage {
    uint32_t line = 0;  ///< 1-based; 0 when the message is about the whole file
    uint32_t col = 0;
    std::string text;
};

/// What has no place in pmo's format, said once per kind: where it first occurs, and how many
/// more there are.
class ImportNotes {
public:
    void note(uint32_t line, const std::string& kind, std::string detail = {});
    /// The notes as messages, in the order of their lines, after `out`'s own.
    void flush(std::vector<ImportMessage>& out) const;

private:
    struct Group {
        uint32_t line = 0;
        std::string detail;
        int count = 0;
    };
    std::map<std::string, Group> m_groups;
};

/// A plan read from another tool's file, in pmo's model, before it is written as YAML.
/// Ids are pmo ids already; dependencies and assignments refer to them by id.
struct ImportedPlan {
    Project project;  ///< tasks in WBS preorder, with parent, children and depth filled in
    std::vector<Calendar> calendars;  ///< the project calendar first, then what resources use
    std::vector<Resource> resources;
    std::string currency;  ///< as the file states it; empty when it does not
    uint32_t currency_line = 0;
    std::vector<ImportMessage> not_imported;  ///< what has no place in pmo's format, one line per kind
    std::vector<ImportMessage> errors;        ///< the file cannot be imported; nothing is written
};

/// Reads Microsoft Project XML (MSPDI, also written by ProjectLibre, GanttProject, TaskJuggler).
/// `project_id` may be empty: then it is made from `file_name`.
ImportedPlan read_mspdi(std::string_view text, std::string_view file_name, std::string_view project_id);

/// How a CSV file is read.
struct CsvOptions {
    std::vector<std::pair<std::string, std::string>> map;  ///< --map COLUMN=FIELD, in order
    std::string dates;  ///< "dmy" or "mdy" for numeric dates such as 3/1/27; empty: as the file shows
};

/// Reads a task list saved as CSV (Smartsheet, Excel, Microsoft Project, Jira): one task per row,
/// columns mapped by their header (or `options.map`). `project_id` as for read_mspdi.
ImportedPlan read_csv(std::string_view text, std::string_view file_name, std::string_view project_id,
                      const CsvOptions& options);

/// Sets the status date of an imported project: `stated` (the file's own) or, when tasks report
/// progress, the day after the last day anything is known to have happened (the status date is
/// the first day of the remaining work); without progress, the project start, so nothing is
/// moved to today.
void infer_status_date(Project& project, std::optional<Date> stated);

/// The project file of `plan`, as YAML in pmo's format.
std::string project_yaml(const ImportedPlan& plan);
/// The pool file with the calendars and resources of `plan`; empty when there are none.
std::string pool_yaml(const ImportedPlan& plan);

/// A pmo id made of `text`: lower case, runs of anything but [a-z0-9] as one '-', at most 40
/// characters; `fallback` when nothing is left.
std::string make_id(std::string_view text, std::string_view fallback);

}  // namespace pmo
