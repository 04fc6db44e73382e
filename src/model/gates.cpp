#include <pmo/model/gates.hpp>

#include <pmo/model/fields.hpp>
#include <pmo/model/risk_score.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace pmo {

std::string gate_file(const std::string& pattern, const Project& p) {
    std::string path = pattern;
    for (size_t at = path.find("{project}"); at != std::string::npos; at = path.find("{project}", at + p.id.size()))
        path.replace(at, 9, p.id);
    return path;
}

namespace {

bool has(const Project& p, std::string_view field) {
    return std::find(p.present.begin(), p.present.end(), field) != p.present.end();
}

std::string field_of(const Record& r, const std::string& key) {
    auto it = r.fields.find(key);
    return it == r.fields.end() ? std::string() : it->second.value;
}

/// Does `who` (as written on the gate entry) hold the gate's approver role for `p`?
std::string approval_problem(const Portfolio& pf, const Project& p, const GateRule& g, const Record* rec) {
    const std::string who = rec ? field_of(*rec, "approver") : std::string();
    if (who.empty()) return "names no approver";
    if (g.approver.empty()) return {};
    auto same = [&](const Located<std::string>& x) { return x && (x.value == who || pf.person(x.value) == who); };
    if (g.approver == "sponsor") return same(p.sponsor) ? std::string() : fmt::format("is approved by {}, not by the sponsor", who);
    if (g.approver == "manager") return same(p.manager) ? std::string() : fmt::format("is approved by {}, not by the manager", who);
    for (const Resource& r : pf.resources)
        if ((r.id == who || (r.name && r.name.value == who)) && r.role && r.role.value == g.approver) return {};
    return fmt::format("is approved by {}, who is not a {} of the pool", who, g.approver);
}

}  // namespace

std::vector<GateState> project_gates(const Portfolio& pf, const Project& p) {
    std::vector<GateState> out;
    const std::string_view meth = p.methodology ? spec::methodologies[static_cast<size_t>(p.methodology.value)] : "";
    for (const GateRule& g : pf.config.gates) {
        if (!g.methodologies.empty() &&
            std::find(g.methodologies.begin(), g.methodologies.end(), meth) == g.methodologies.end())
            continue;
        GateState s;
        s.rule = &g;
        for (const Record& r : p.records)
            if (r.section == "gates" && r.id == g.id) s.record = &r;
        if (s.record) {
            if (const std::string st = field_of(*s.record, "status"); !st.empty()) s.status = st;
            if (auto d = Date::parse(field_of(*s.record, "date"))) s.date = *d;
        }
        s.passed = s.status == "passed" || (s.status == "waived" && s.record && !field_of(*s.record, "reason").empty());
        s.due = p.phase && p.phase.value >= g.opens;
        for (const std::string& f : g.fields)
            s.criteria.push_back({fmt::format("{} is given", f), has(p, f), fmt::format("no {}", f)});
        for (const std::string& r : g.registers)
            s.criteria.push_back({fmt::format("the {} register has an entry", r), has(p, r), fmt::format("no {}", r)});
        for (const std::string& f : g.files) {
            const std::string path = gate_file(f, p);
            s.criteria.push_back({fmt::format("{} exists", path), pf.files_present.count(path) > 0,
                                  fmt::format("no file {}", path)});
        }
        if (g.risks_responded) {
            std::vector<std::string> open;
            for (const Risk& r : p.risks)
                if (risk_is_live(r) && risk_score(r, pf.config) >= pf.config.risk_high && !r.response)
                    open.push_back(fmt::format("'{}'", r.id));
            s.criteria.push_back({"every open high risk has a response", open.empty(),
                                  fmt::format("high risk {} without a response", fmt::join(open, ", "))});
        }
        if (s.passed) s.approval_problem = approval_problem(pf, p, g, s.record);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace pmo
