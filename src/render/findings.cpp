#include <pmo/render/findings.hpp>

#include <pmo/check/rules.hpp>
#include <pmo/render/json.hpp>
#include <pmo/render/text.hpp>

#include <fmt/format.h>
#include <map>

namespace pmo {

std::string location(const Portfolio& p, Pos pos) {
    if (!pos.known()) return "pmo";
    const std::string& f = p.files[static_cast<size_t>(pos.file)];
    if (pos.line == 0) return f;
    return fmt::format("{}:{}:{}", f, pos.line, pos.col);
}

std::string findings_summary(const CheckResult& r) {
    auto n = [](size_t k, std::string_view one, std::string_view many) {
        return fmt::format("{} {}", k, k == 1 ? one : many);
    };
    std::string s = fmt::format("{}, {}", n(r.errors, "error", "errors"), n(r.warnings, "warning", "warnings"));
    if (r.infos) s += ", " + n(r.infos, "note", "notes");
    if (r.suppressed) s += fmt::format(" ({} suppressed)", r.suppressed);
    s += " in " + n(r.files, "file", "files");
    return s;
}

namespace {

const char* kReset = "\033[0m";
const char* kBold = "\033[1m";

std::string_view color_of(Severity s) {
    switch (s) {
    case Severity::error: return "\033[1;31m";
    case Severity::warning: return "\033[1;35m";
    default: return "\033[1;36m";
    }
}

std::string_view label(Severity s) { return s == Severity::info ? "note" : to_string(s); }

void text(std::ostream& out, const CheckResult& r, const Portfolio& p, const FindingsStyle& st) {
    // File names, messages and source lines may hold control characters: never raw to a terminal.
    auto where = [&](Pos pos) { return terminal_text(location(p, pos)); };
    auto excerpt = [&](Pos pos) {
        if (!st.source_line || !pos.known() || pos.line == 0) return;
        const std::string raw = st.source_line(pos.file, pos.line);
        if (raw.empty()) return;
        const std::string line = terminal_text(raw);
        std::string caret;
        each_utf8(terminal_text(std::string_view(raw).substr(0, std::min<size_t>(pos.col - 1, raw.size()))),
                  [&](char32_t, std::string_view) { caret += ' '; });
        out << fmt::format(" {:>5} | {}\n       | {}{}^{}\n", pos.line, line, caret, st.color ? "\033[1;32m" : "",
                           st.color ? kReset : "");
    };
    for (const Finding& f : r.findings) {
        const std::string msg = terminal_text(f.message);
        if (st.color)
            out << kBold << where(f.pos) << ": " << kReset << color_of(f.severity) << label(f.severity) << ": "
                << kReset << kBold << msg << kReset << " [" << f.rule << "]\n";
        else
            out << where(f.pos) << ": " << label(f.severity) << ": " << msg << " [" << f.rule << "]\n";
        excerpt(f.pos);
        for (const Note& n : f.notes) {
            if (st.color)
                out << kBold << where(n.pos) << ": " << kReset << "\033[1;36mnote: " << kReset << terminal_text(n.message)
                    << '\n';
            else
                out << where(n.pos) << ": note: " << terminal_text(n.message) << '\n';
        }
    }
}

void position(JsonWriter& w, const Portfolio& p, Pos pos) {
    w.field("file", pos.known() ? p.files[static_cast<size_t>(pos.file)] : std::string());
    w.field("line", pos.line);
    w.field("column", pos.col);
}

void json(std::ostream& out, const CheckResult& r, const Portfolio& p) {
    JsonWriter w(out);
    w.begin_object();
    w.key("summary").begin_object();
    w.field("errors", r.errors).field("warnings", r.warnings).field("notes", r.infos);
    w.field("suppressed", r.suppressed).field("files", r.files);
    w.end_object();
    w.key("findings").begin_array();
    for (const Finding& f : r.findings) {
        w.begin_object();
        w.field("rule", f.rule).field("severity", to_string(f.severity));
        position(w, p, f.pos);
        w.field("message", f.message);
        w.key("notes").begin_array();
        for (const Note& n : f.notes) {
            w.begin_object();
            position(w, p, n.pos);
            w.field("message", n.message);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
}

std::string uri(std::string_view path) {
    // RFC 3986: keep unreserved characters and '/', percent-encode the rest.
    std::string r;
    for (char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') r += ch;
        else r += fmt::format("%{:02X}", c);
    }
    return r;
}

std::string_view sarif_level(Severity s) {
    return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

void sarif_location(JsonWriter& w, const Portfolio& p, Pos pos, const std::string* message) {
    w.begin_object();
    w.key("physicalLocation").begin_object();
    w.key("artifactLocation").begin_object();
    w.field("uri", uri(pos.known() ? p.files[static_cast<size_t>(pos.file)] : "pmo.toml"));
    w.field("uriBaseId", "%SRCROOT%");
    w.end_object();
    if (pos.line > 0) {
        w.key("region").begin_object();
        w.field("startLine", pos.line).field("startColumn", std::max<uint32_t>(pos.col, 1));
        w.end_object();
    }
    w.end_object();
    if (message) {
        w.key("message").begin_object().field("text", *message).end_object();
    }
    w.end_object();
}

void sarif(std::ostream& out, const CheckResult& r, const Portfolio& p) {
    std::map<std::string_view, size_t> index;
    const auto rules = rule_catalogue();
    for (size_t i = 0; i < rules.size(); ++i) index[rules[i].id] = i;
    JsonWriter w(out);
    w.begin_object();
    w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "pmo").field("version", PMO_VERSION).field("informationUri", "https://github.com/pmo-tool/pmo");
    w.key("rules").begin_array();
    for (const Rule& rule : rules) {
        w.begin_object();
        w.field("id", rule.id);
        w.key("shortDescription").begin_object().field("text", rule.summary).end_object();
        w.key("defaultConfiguration").begin_object().field("level", sarif_level(rule.severity)).end_object();
        w.key("properties").begin_object();
        w.field("category", to_string(rule.kind));
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object().end_object();
    w.key("columnKind").value("unicodeCodePoints");
    w.key("results").begin_array();
    for (const Finding& f : r.findings) {
        w.begin_object();
        w.field("ruleId", f.rule);
        if (auto it = index.find(f.rule); it != index.end()) w.field("ruleIndex", it->second);
        w.field("level", sarif_level(f.severity));
        w.key("message").begin_object().field("text", f.message).end_object();
        w.key("locations").begin_array();
        sarif_location(w, p, f.pos, nullptr);
        w.end_array();
        if (!f.notes.empty()) {
            w.key("relatedLocations").begin_array();
            for (const Note& n : f.notes) sarif_location(w, p, n.pos, &n.message);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object().end_array();
    w.end_object();
    w.finish();
}

/// Lines for a log: each line as terminal_text, the line breaks kept (GitHub encodes them).
std::string log_lines(std::string_view s) {
    std::string r;
    for (size_t at = 0;;) {
        const size_t nl = s.find('\n', at);
        r += terminal_text(s.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
        if (nl == std::string_view::npos) return r;
        r += '\n';
        at = nl + 1;
    }
}

/// GitHub workflow commands: '%', CR and LF escaped in data; ':' and ',' too in properties.
std::string gh_escape(std::string_view s, bool property) {
    std::string r;
    for (char c : s) {
        if (c == '%') r += "%25";
        else if (c == '\r') r += "%0D";
        else if (c == '\n') r += "%0A";
        else if (property && c == ':') r += "%3A";
        else if (property && c == ',') r += "%2C";
        else r += c;
    }
    return r;
}

void github(std::ostream& out, const CheckResult& r, const Portfolio& p) {
    for (const Finding& f : r.findings) {
        const std::string_view cmd = f.severity == Severity::error ? "error" : f.severity == Severity::warning ? "warning" : "notice";
        out << "::" << cmd << " ";
        if (f.pos.known()) {
            out << "file=" << gh_escape(terminal_text(p.files[static_cast<size_t>(f.pos.file)]), true);
            if (f.pos.line > 0) out << ",line=" << f.pos.line << ",col=" << f.pos.col;
            out << ",";
        }
        out << "title=" << gh_escape(f.rule, true) << "::" << gh_escape(log_lines(f.message), false) << '\n';
    }
}

std::string xml_escape(std::string_view s) { return xml_text(s); }

void junit(std::ostream& out, const CheckResult& r, const Portfolio& p) {
    // One test suite per file with findings; each finding is a test case, failed when it is an error.
    std::map<std::string, std::vector<const Finding*>> by_file;
    for (const Finding& f : r.findings)
        by_file[f.pos.known() ? p.files[static_cast<size_t>(f.pos.file)] : "pmo"].push_back(&f);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << fmt::format("<testsuites name=\"pmo check\" tests=\"{}\" failures=\"{}\">\n",
                       std::max<size_t>(r.findings.size(), 1), r.errors);
    if (r.findings.empty())
        out << "  <testsuite name=\"pmo check\" tests=\"1\" failures=\"0\">\n"
               "    <testcase name=\"portfolio\" classname=\"pmo.check\"/>\n  </testsuite>\n";
    for (const auto& [file, list] : by_file) {
        size_t failures = 0;
        for (const Finding* f : list) failures += f->severity == Severity::error;
        out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escape(file), list.size(), failures);
        for (const Finding* f : list) {
            const std::string where = location(p, f->pos);
            out << fmt::format("    <testcase name=\"{}\" classname=\"pmo.{}\">\n", xml_escape(where + " " + f->rule),
                               xml_escape(f->rule));
            if (f->severity == Severity::error)
                out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}: {}</failure>\n", xml_escape(f->rule),
                                   xml_escape(f->message), xml_escape(where), xml_escape(f->message));
            else
                out << fmt::format("      <system-out>{}: {}: {}</system-out>\n", xml_escape(where), label(f->severity),
                                   xml_escape(f->message));
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace

void render_findings(std::ostream& out, FindingsFormat format, const CheckResult& r, const Portfolio& p,
                     const FindingsStyle& style) {
    switch (format) {
    case FindingsFormat::text: text(out, r, p, style); break;
    case FindingsFormat::json: json(out, r, p); break;
    case FindingsFormat::sarif: sarif(out, r, p); break;
    case FindingsFormat::github: github(out, r, p); break;
    case FindingsFormat::junit: junit(out, r, p); break;
    }
}

}  // namespace pmo
