#include "decode.hpp"

#include <pmo/check/rule_ids.hpp>
#include <pmo/model/spell.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <toml++/toml.h>

namespace pmo::detail {
namespace {

class ConfigDecoder {
public:
    ConfigDecoder(int32_t file, Config& c, Findings& out) : m_file(file), m_c(c), m_out(out) {}

    Pos pos(const toml::source_region& r) const {
        return Pos{m_file, static_cast<uint32_t>(r.begin.line), static_cast<uint32_t>(r.begin.column)};
    }
    void error(Pos p, std::string msg) { m_out.push_back({rule_id::invalid_config, Severity::error, p, std::move(msg)}); }

    void unknown(const toml::key& k, std::string_view table, std::vector<std::string_view> names) {
        error(pos(k.source()), fmt::format("unknown setting '{}' in [{}]{}", k.str(), table, did_you_mean(k.str(), names)));
    }

    bool str(const toml::node& n, std::string_view what, std::string& out) {
        if (auto v = n.value<std::string>()) {
            out = *v;
            return true;
        }
        error(pos(n.source()), fmt::format("{} must be a string", what));
        return false;
    }
    /// The value as written, for messages: `nan`, `5.5`, `"high"`.
    static std::string shown(const toml::node& n) {
        if (auto i = n.value_exact<int64_t>()) return std::to_string(*i);
        if (auto d = n.value_exact<double>()) return std::isnan(*d) ? "nan" : std::isinf(*d) ? (*d < 0 ? "-inf" : "inf")
                                                                                                 : fmt::format("{}", *d);
        if (auto s = n.value_exact<std::string>()) return fmt::format("\"{}\"", *s);
        if (n.is_boolean()) return *n.value_exact<bool>() ? "true" : "false";
        return n.is_array() ? "a list" : n.is_table() ? "a table" : "a date or time";
    }
    /// A number in [lo, hi]. `nan` compares false with everything, so it is refused by name
    /// before the range is checked (it would pass `v < lo || v > hi`).
    bool num(const toml::node& n, std::string_view what, double lo, double hi, double& out) {
        std::optional<double> v = n.is_integer() ? std::optional<double>(static_cast<double>(*n.value_exact<int64_t>()))
                                                 : n.value_exact<double>();
        if (!v || !std::isfinite(*v) || *v < lo || *v > hi) {
            error(pos(n.source()), fmt::format("{} must be a number from {} to {}, got {}", what, lo, hi, shown(n)));
            return false;
        }
        out = *v;
        return true;
    }
    /// A count or a number of days: a whole number in [lo, hi]; 5.5 is refused, not truncated.
    bool whole(const toml::node& n, std::string_view what, int lo, int hi, int& out) {
        std::optional<double> v = n.is_integer() ? std::optional<double>(static_cast<double>(*n.value_exact<int64_t>()))
                                                 : n.value_exact<double>();
        if (!v || !std::isfinite(*v) || *v != std::floor(*v) || *v < lo || *v > hi) {
            error(pos(n.source()), fmt::format("{} must be a whole number from {} to {}, got {}", what, lo, hi, shown(n)));
            return false;
        }
        out = static_cast<int>(*v);
        return true;
    }
    bool strings(const toml::node& n, std::string_view what, std::vector<std::string>& out) {
        const toml::array* a = n.as_array();
        if (!a) {
            if (auto s = n.value<std::string>()) {
                out.push_back(*s);
                return true;
            }
            error(pos(n.source()), fmt::format("{} must be a list of strings", what));
            return false;
        }
        for (const toml::node& e : *a) {
            std::string s;
            if (!str(e, what, s)) return false;
            out.push_back(std::move(s));
        }
        return true;
    }
    const toml::table* table(const toml::node& n, std::string_view what) {
        if (const toml::table* t = n.as_table()) return t;
        error(pos(n.source()), fmt::format("[{}] must be a table", what));
        return nullptr;
    }
    /// Calls `f` with each table of the array of tables [[name]] in `n`, in order; what is no
    /// array of tables, or no table in one, is an error.
    template <class F>
    void each_table(const toml::node& n, std::string_view name, F f) {
        const toml::array* a = n.as_array();
        if (!a) {
            error(pos(n.source()), fmt::format("'{}' must be an array of tables: [[{}]]", name, name));
            return;
        }
        for (const toml::node& e : *a) {
            if (const toml::table* t = e.as_table()) f(*t);
            else error(pos(e.source()), fmt::format("each [[{}]] must be a table", name));
        }
    }
    /// An error at `at` for each of `names` that is no methodology of the format, in the words of `what` ("[[gate]]").
    void check_methodologies(const std::vector<std::string>& names, std::string_view what, Pos at) {
        for (const auto& m : names)
            if (std::find(spec::methodologies.begin(), spec::methodologies.end(), std::string_view(m)) == spec::methodologies.end())
                error(at, fmt::format("{} methodology '{}' is not a methodology{}", what, m,
                                      did_you_mean(m, {spec::methodologies.begin(), spec::methodologies.end()})));
    }

    void run(const toml::table& top) {
        for (auto&& [k, v] : top) {
            const std::string_view key = k.str();
            if (key == "pmo") pmo_table(v);
            else if (key == "portfolio") portfolio(v);
            else if (key == "schedule") schedule(v);
            else if (key == "risk") risk(v);
            else if (key == "rules") rules(v);
            else if (key == "rag") rag(v);
            else if (key == "report") report(v);
            else if (key == "require") require(v);
            else if (key == "templates") templates(v);
            else if (key == "gate") gates(v);
            else if (key == "change") change(v);
            else
                error(pos(k.source()), fmt::format("unknown table [{}]{}", key,
                                                   did_you_mean(key, {"pmo", "portfolio", "schedule", "risk", "rules",
                                                                      "require", "rag", "report", "templates", "gate",
                                                                      "change"})));
        }
    }

    void pmo_table(const toml::node& n) {
        const toml::table* t = table(n, "pmo");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            if (k.str() == "name") str(v, "[pmo] name", m_c.name);
            else if (k.str() == "currency") str(v, "[pmo] currency", m_c.currency);
            else if (k.str() == "type") {
                std::string s;
                if (!str(v, "[pmo] type", s)) continue;
                if (s == "supportive") m_c.type = PmoType::supportive;
                else if (s == "controlling") m_c.type = PmoType::controlling;
                else if (s == "directive") m_c.type = PmoType::directive;
                else
                    error(pos(v.source()), fmt::format("[pmo] type '{}' is not one of supportive, controlling, directive{}",
                                                       s, did_you_mean(s, {"supportive", "controlling", "directive"})));
            } else unknown(k, "pmo", {"name", "type", "currency"});
        }
    }
    void portfolio(const toml::node& n) {
        const toml::table* t = table(n, "portfolio");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            if (k.str() == "exclude") strings(v, "[portfolio] exclude", m_c.exclude);
            else unknown(k, "portfolio", {"exclude"});
        }
    }
    void schedule(const toml::node& n) {
        const toml::table* t = table(n, "schedule");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            if (k.str() == "calendar") {
                str(v, "[schedule] calendar", m_c.calendar);
                m_calendar_pos = pos(v.source());
            } else unknown(k, "schedule", {"calendar"});
        }
    }
    void risk(const toml::node& n) {
        const toml::table* t = table(n, "risk");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            double d = 0;
            const std::string_view key = k.str();
            if (key == "scale") {
                whole(v, "[risk] scale", 2, 10, m_c.risk_scale);
            } else if (key == "high") {
                if (num(v, "[risk] high", 1, 100, d)) m_c.risk_high = d;
            } else if (key == "medium") {
                if (num(v, "[risk] medium", 1, 100, d)) m_c.risk_medium = d;
            } else if (key == "review_days") {
                whole(v, "[risk] review_days", 1, 3650, m_c.review_days);
            } else if (key == "probabilities") {
                const toml::array* a = v.as_array();
                if (!a) {
                    error(pos(v.source()), "[risk] probabilities must be a list of percents, one per scale step");
                    continue;
                }
                for (const toml::node& e : *a) {
                    if (!num(e, "[risk] probabilities entries", 0, 100, d)) break;
                    m_c.risk_probabilities.push_back(d / 100.0);
                }
                m_probabilities_pos = pos(v.source());
            } else unknown(k, "risk", {"scale", "high", "medium", "review_days", "probabilities"});
        }
        if (m_c.risk_medium > m_c.risk_high)
            error(pos(n.source()), "[risk] medium must not be above high");
        if (!m_c.risk_probabilities.empty() &&
            m_c.risk_probabilities.size() != static_cast<size_t>(m_c.risk_scale))
            error(m_probabilities_pos, fmt::format("[risk] probabilities has {} entries; the scale has {} steps",
                                                   m_c.risk_probabilities.size(), m_c.risk_scale));
    }
    void rag(const toml::node& n) {
        const toml::table* t = table(n, "rag");
        if (!t) return;
        RagRules& r = m_c.rag;
        struct Ratio {
            std::string_view key;
            double* value;
            double hi;
        };
        const Ratio ratios[] = {{"spi_green", &r.spi_green, 10},           {"spi_amber", &r.spi_amber, 10},
                                {"cpi_green", &r.cpi_green, 10},           {"cpi_amber", &r.cpi_amber, 10},
                                {"budget_amber", &r.budget_amber, 10},     {"budget_red", &r.budget_red, 10},
                                {"exposure_amber", &r.exposure_amber, 10}, {"exposure_red", &r.exposure_red, 10},
                                {"cpi_min_complete", &r.cpi_min_complete, 1}};
        struct Days {
            std::string_view key;
            int* value;
        };
        const Days days[] = {{"slip_amber", &r.slip_amber}, {"slip_red", &r.slip_red},
                             {"resource_delay_amber", &r.resource_delay_amber}};
        for (auto&& [k, v] : *t) {
            const std::string_view key = k.str();
            const std::string what = fmt::format("[rag] {}", key);
            double d = 0;
            bool known = false;
            for (const Ratio& x : ratios)
                if (x.key == key) {
                    known = true;
                    if (num(v, what, 0, x.hi, d)) *x.value = d;
                }
            for (const Days& x : days)
                if (x.key == key) {
                    known = true;
                    whole(v, what, 0, 10000, *x.value);
                }
            if (!known)
                unknown(k, "rag", {"spi_green", "spi_amber", "cpi_green", "cpi_amber", "budget_amber", "budget_red",
                                   "exposure_amber", "exposure_red", "slip_amber", "slip_red", "resource_delay_amber",
                                   "cpi_min_complete"});
        }
        auto order = [&](double amber, double green, std::string_view what) {
            if (amber > green) error(pos(n.source()), fmt::format("[rag] {}_amber must not be above {}_green", what, what));
        };
        order(r.spi_amber, r.spi_green, "spi");
        order(r.cpi_amber, r.cpi_green, "cpi");
        if (r.budget_amber > r.budget_red) error(pos(n.source()), "[rag] budget_amber must not be above budget_red");
        if (r.exposure_amber > r.exposure_red) error(pos(n.source()), "[rag] exposure_amber must not be above exposure_red");
        if (r.slip_amber > r.slip_red) error(pos(n.source()), "[rag] slip_amber must not be above slip_red");
    }
    void report(const toml::node& n) {
        const toml::table* t = table(n, "report");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            const std::string_view key = k.str();
            if (key == "baseline") {
                str(v, "[report] baseline", m_c.report_baseline);
                m_c.report_baseline_pos = pos(v.source());
            } else if (key == "period") {
                std::string s;
                if (!str(v, "[report] period", s)) continue;
                if (s == "week" || s == "month") m_c.report_period = s;
                else
                    error(pos(v.source()), fmt::format("[report] period '{}' is not one of week, month{}", s,
                                                       did_you_mean(s, {"week", "month"})));
            } else if (key == "top_risks") {
                whole(v, "[report] top_risks", 0, 100, m_c.report_top_risks);
            } else unknown(k, "report", {"baseline", "period", "top_risks"});
        }
    }
    void rule_severity(const toml::node& v, const std::string& rule) {
        std::string s;
        if (!str(v, fmt::format("[rules] {}", rule), s)) return;
        Severity sev;
        if (!parse_severity(s, sev)) {
            error(pos(v.source()), fmt::format("[rules] {}: '{}' is not one of error, warning, info, off{}", rule, s,
                                               did_you_mean(s, {"error", "warning", "info", "off"})));
            return;
        }
        m_c.severities[rule] = {sev, pos(v.source())};
    }
    void rules(const toml::node& n) {
        const toml::table* t = table(n, "rules");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            const std::string rule(k.str());
            if (const toml::table* opts = v.as_table()) {
                // [rules.task-too-long]: options of one rule.
                m_c.rule_tables[rule] = pos(k.source());
                for (auto&& [ok, ov] : *opts) {
                    if (ok.str() == "severity") rule_severity(ov, rule);
                    else if (rule == rule_id::task_too_long && ok.str() == "max") {
                        std::string s;
                        if (!str(ov, "[rules.task-too-long] max", s)) continue;
                        auto d = parse_duration(s);
                        if (!d || d->value <= 0)
                            error(pos(ov.source()),
                                  fmt::format("[rules.task-too-long] max: expected a duration like 20d, got '{}'", s));
                        else m_c.task_too_long_max = *d;
                    } else if (rule == rule_id::implausible_date && ok.str() == "years") {
                        whole(ov, "[rules.implausible-date] years", 1, 1000, m_c.implausible_date_years);
                    } else {
                        std::vector<std::string_view> names{"severity"};
                        if (rule == rule_id::task_too_long) names.push_back("max");
                        if (rule == rule_id::implausible_date) names.push_back("years");
                        error(pos(ok.source()), fmt::format("unknown option '{}' of rule {}{}", ok.str(), rule,
                                                            did_you_mean(ok.str(), names)));
                    }
                }
            } else {
                rule_severity(v, rule);
            }
        }
    }
    void require(const toml::node& n) {
        each_table(n, "require", [&](const toml::table& t) {
            Requirement r;
            r.pos = pos(t.source());
            for (auto&& [k, v] : t) {
                const std::string_view key = k.str();
                if (key == "phase") strings(v, "[[require]] phase", r.phases);
                else if (key == "methodology") strings(v, "[[require]] methodology", r.methodologies);
                else if (key == "fields") strings(v, "[[require]] fields", r.fields);
                else unknown(k, "[require]", {"phase", "methodology", "fields"});
            }
            for (const auto& ph : r.phases)
                if (std::find(spec::phases.begin(), spec::phases.end(), std::string_view(ph)) == spec::phases.end())
                    error(r.pos, fmt::format("[[require]] phase '{}' is not a phase{}", ph,
                                             did_you_mean(ph, {spec::phases.begin(), spec::phases.end()})));
            check_methodologies(r.methodologies, "[[require]]", r.pos);
            for (const auto& f : r.fields) check_field_path(f, r.pos);
            m_c.requirements.push_back(std::move(r));
        });
    }
    /// [change]: the thresholds of change control (pmo check --baseline).
    void change(const toml::node& n) {
        const toml::table* t = table(n, "change");
        if (!t) return;
        for (auto&& [k, v] : *t) {
            const std::string_view key = k.str();
            double d = 0;
            if (key == "slip_days") {
                if (num(v, "[change] slip_days", 0, 10000, d)) m_c.change.slip_days = static_cast<int>(d);
            } else if (key == "budget_percent") {
                if (num(v, "[change] budget_percent", 0, 10000, d)) m_c.change.budget_percent = d;
            } else if (key == "scope_days") {
                if (num(v, "[change] scope_days", 0, 100000, d)) m_c.change.scope_days = static_cast<int>(d);
            } else unknown(k, "change", {"slip_days", "budget_percent", "scope_days"});
        }
    }

    /// [[gate]]: a stage gate, the phase it opens and its criteria.
    void gates(const toml::node& n) {
        const std::vector<std::string_view> keys{"id", "name", "opens", "methodology", "fields", "registers", "files",
                                                 "risks_responded", "approver"};
        each_table(n, "gate", [&](const toml::table& t) {
            GateRule g;
            g.pos = pos(t.source());
            bool ok = true, opens = false;
            for (auto&& [k, v] : t) {
                const std::string_view key = k.str();
                if (key == "id") {
                    ok = str(v, "[[gate]] id", g.id) && ok;
                    if (!g.id.empty() && !valid_id(g.id)) {
                        error(pos(v.source()), fmt::format("[[gate]] id '{}' is not a valid id ([a-z0-9][a-z0-9_.-]*)", g.id));
                        ok = false;
                    }
                } else if (key == "name") str(v, "[[gate]] name", g.name);
                else if (key == "approver") str(v, "[[gate]] approver", g.approver);
                else if (key == "opens") {
                    std::string ph;
                    if (!str(v, "[[gate]] opens", ph)) {
                        ok = false;
                        continue;
                    }
                    auto it = std::find(spec::phases.begin(), spec::phases.end(), std::string_view(ph));
                    if (it == spec::phases.end() || it == spec::phases.begin()) {
                        error(pos(v.source()), fmt::format("[[gate]] opens '{}' is not a phase after initiation{}", ph,
                                                           did_you_mean(ph, {spec::phases.begin() + 1, spec::phases.end()})));
                        ok = false;
                    } else {
                        g.opens = static_cast<Phase>(it - spec::phases.begin());
                        opens = true;
                    }
                } else if (key == "methodology") {
                    strings(v, "[[gate]] methodology", g.methodologies);
                    check_methodologies(g.methodologies, "[[gate]]", pos(v.source()));
                } else if (key == "fields") {
                    strings(v, "[[gate]] fields", g.fields);
                    for (const auto& f : g.fields) check_field_path(f, pos(v.source()), "[[gate]]");
                } else if (key == "registers") {
                    strings(v, "[[gate]] registers", g.registers);
                    for (const auto& r : g.registers)
                        if (std::find(spec::registers.begin(), spec::registers.end(), std::string_view(r)) ==
                            spec::registers.end())
                            error(pos(v.source()), fmt::format("[[gate]] register '{}' is not a register ({}){}", r,
                                                               fmt::join(spec::registers, ", "),
                                                               did_you_mean(r, {spec::registers.begin(), spec::registers.end()})));
                } else if (key == "files") {
                    strings(v, "[[gate]] files", g.files);
                    for (const auto& f : g.files)
                        if (f.empty() || f[0] == '/' || f.find("..") != std::string::npos || f.find('\\') != std::string::npos)
                            error(pos(v.source()), fmt::format("[[gate]] file '{}' must be a path inside the portfolio, "
                                                               "like \"docs/{{project}}/charter.md\"", f));
                } else if (key == "risks_responded") {
                    if (auto b = v.value<bool>()) g.risks_responded = *b;
                    else error(pos(v.source()), "[[gate]] risks_responded must be true or false");
                } else unknown(k, "[gate]", keys);
            }
            if (g.id.empty() && ok) {
                error(g.pos, "a [[gate]] needs an id");
                ok = false;
            }
            if (!opens && ok) {
                error(g.pos, fmt::format("[[gate]] '{}' needs 'opens': the phase a project may enter once it is passed", g.id));
                ok = false;
            }
            for (const GateRule& other : m_c.gates)
                if (ok && other.id == g.id) {
                    error(g.pos, fmt::format("[[gate]] '{}' is defined twice", g.id));
                    ok = false;
                }
            if (ok) m_c.gates.push_back(std::move(g));
        });
        std::stable_sort(m_c.gates.begin(), m_c.gates.end(),
                         [](const GateRule& x, const GateRule& y) { return x.opens < y.opens; });
    }
    static bool valid_id(std::string_view s) {
        if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return false;
        return std::all_of(s.begin(), s.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        });
    }

    /// [templates] waterfall = "templates/waterfall.yaml": projects of that methodology must name it.
    void templates(const toml::node& n) {
        const toml::table* t = table(n, "templates");
        if (!t) return;
        const std::vector<std::string_view> methods(spec::methodologies.begin(), spec::methodologies.end());
        for (auto&& [k, v] : *t) {
            const std::string_view key = k.str();
            if (std::find(methods.begin(), methods.end(), key) == methods.end()) {
                error(pos(k.source()), fmt::format("[templates] '{}' is not a methodology ({}){}", key,
                                                   fmt::join(methods, ", "), did_you_mean(key, methods)));
                continue;
            }
            std::string path;
            if (!str(v, fmt::format("[templates] {}", key), path)) continue;
            // "templates/waterfall.yaml" or just "waterfall": a file of templates/, never loaded as a project.
            std::string name = path;
            if (name.starts_with("templates/")) name.erase(0, 10);
            for (std::string_view ext : {".yaml", ".yml"})
                if (name.ends_with(ext)) {
                    name.erase(name.size() - ext.size());
                    break;
                }
            const bool valid = !name.empty() && name.find('/') == std::string::npos && name.find("..") == std::string::npos &&
                               name[0] != '.';
            if (!valid) {
                error(pos(v.source()), fmt::format("[templates] {}: '{}' is not a file of templates/ (write "
                                                   "\"templates/NAME.yaml\")",
                                                   key, path));
                continue;
            }
            m_c.templates.push_back({std::string(key), name, pos(v.source())});
        }
    }
    void check_field_path(const std::string& f, Pos p, std::string_view table = "[[require]]") {
        const std::vector<std::string> known = project_field_paths();
        if (std::find(known.begin(), known.end(), f) != known.end()) return;
        std::vector<std::string_view> views(known.begin(), known.end());
        error(p, fmt::format("{} field '{}' is not a field of a project file{}", table, f, did_you_mean(f, views)));
    }

private:
    int32_t m_file;
    Config& m_c;
    Findings& m_out;
    Pos m_calendar_pos, m_probabilities_pos;
};

}  // namespace

void decode_config(std::string_view text, int32_t file, Config& config, Findings& out) {
    config.present = true;
    config.file = file;
    toml::table top;
    try {
        top = toml::parse(text, std::string_view("pmo.toml"));
    } catch (const toml::parse_error& e) {
        out.push_back({rule_id::invalid_config, Severity::error,
                       Pos{file, static_cast<uint32_t>(e.source().begin.line), static_cast<uint32_t>(e.source().begin.column)},
                       fmt::format("TOML syntax error: {}", e.description())});
        return;
    }
    ConfigDecoder d(file, config, out);
    d.run(top);
    if (config.risk_probabilities.empty()) {
        // A 1..scale probability maps onto evenly spaced bands: 10/30/50/70/90% on a 1..5 scale.
        for (int i = 0; i < config.risk_scale; ++i)
            config.risk_probabilities.push_back((2.0 * i + 1) / (2.0 * config.risk_scale));
    }
}

}  // namespace pmo::detail
