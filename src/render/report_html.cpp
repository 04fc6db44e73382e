#include <pmo/render/report_html.hpp>
#include <pmo/render/svg.hpp>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

namespace pmo {
namespace {

constexpr double kPageWidth = 1140;  ///< the text column on a desktop: body max-width less its padding

// Screen, phone and print in one sheet; the pictures scale down to the page, wide tables
// scroll inside their own box rather than widen the page.
constexpr const char* kCss = R"(
:root{color-scheme:light}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1f2328;background:#fff;
margin:0 auto;padding:16px 20px 40px;max-width:1180px;overflow-wrap:break-word}
h1{font-size:1.7em;margin:.4em 0 .6em}
h2{font-size:1.35em;border-bottom:1px solid #d0d7de;padding-bottom:.25em;margin-top:1.8em}
h3{font-size:1.1em;margin-top:1.4em}
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto;margin:.6em 0 1em}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
table:has(th:nth-child(10)){font-size:.8em}
table:has(th:nth-child(10)) :is(th,td){padding:3px 5px}
th{background:#f6f8fa}
td[align=right],th[align=right]{text-align:right}
tr:nth-child(2n) td{background:#fafbfc}
blockquote{margin:.6em 0;padding:.2em 1em;color:#444;border-left:4px solid #d0d7de}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.9em;background:#f2f4f7;padding:1px 4px;border-radius:4px}
figure{margin:.8em 0 1.4em}
figure svg{display:block;max-width:100%;height:auto}
figcaption{color:#555;font-size:.9em;margin-top:.3em}
a{color:#1f4e8c}
.dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;vertical-align:-.05em;margin-right:.15em;
border:1px solid rgba(0,0,0,.25)}
.dot.g{background:#2da44e}.dot.a{background:#f0a028}.dot.r{background:#d9534f}
.rag,td.d{white-space:nowrap}
thead tr:not(:has(th:not(:empty))){display:none}
.pictures{display:flex;flex-wrap:wrap;gap:0 28px;align-items:flex-start}
.pictures figure{flex:0 1 auto;min-width:0;max-width:100%}
figure.wide{overflow-x:auto}figure.wide svg{max-width:none}
@media (max-width:640px){body{font-size:14px;padding:10px}th,td{padding:3px 5px}
figure{overflow-x:auto}figure svg{max-width:none}}
@media print{
@page{size:A4 landscape;margin:12mm}
body{max-width:none;padding:0;font-size:10.5pt}
h2{break-before:page}
h2:first-of-type{break-before:auto}
h1,h2,h3{break-after:avoid}
figure,tr,blockquote{break-inside:avoid}
figure.wide{overflow:visible}figure.wide svg{max-width:100%}
table{display:table;overflow:visible}
a{color:inherit;text-decoration:none}
tr:nth-child(2n) td,th,code{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.dot,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)";

struct CmarkDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

std::string text_of(cmark_node* n) {
    std::string r;
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        if (const char* lit = cmark_node_get_literal(c)) r += lit;
        else r += text_of(c);
    }
    return r;
}

cmark_node* html_block(const std::string& html) {
    cmark_node* n = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(n, html.c_str());
    return n;
}

/// The number in `name="..."` of the picture's root element; 0 when there is none.
double root_attribute(const std::string& svg, std::string_view name) {
    const size_t end = svg.find('>');
    const size_t at = svg.find(" " + std::string(name) + "=\"");
    if (at == std::string::npos || at > end) return 0;
    return std::strtod(svg.c_str() + at + name.size() + 3, nullptr);
}

std::string figure(const std::string& svg, const std::string& caption) {
    // Scaled down to the page (1140 px wide), a picture's labels must stay 9 px high or more; one
    // wider than that (a year of weekly columns) keeps its size and scrolls, as tables do.
    const double width = root_attribute(svg, "width"), font = root_attribute(svg, "font-size");
    const bool wide = font > 0 && width * 9 > kPageWidth * font;
    return std::string(wide ? "<figure class=\"wide\">\n" : "<figure>\n") + svg + "<figcaption>" + svg::esc(caption) +
           "</figcaption>\n</figure>\n";
}

/// The pictures of one project, drawn when the section they belong to is reached.
class ProjectPictures {
public:
    ProjectPictures(const ReportView& v, const HtmlPictures& p, const ProjectStatus& st) : m_v(v), m_p(p), m_st(st) {}

    std::string gantt() const {
        PlanView pv{m_v.portfolio, m_v.plan, {m_st.project}, false, m_p.bars};
        GanttOptions o;
        o.main_tasks = true;
        o.baseline = m_p.bars;
        o.project_headers = false;
        o.width = 760;
        std::ostringstream s;
        render_gantt_svg(s, pv, o);
        return figure(s.str(), "Main tasks: top-level tasks and milestones against the baseline, the critical path in red.");
    }
    std::string scurve() const {
        std::ostringstream s;
        std::vector<EvPoint> history;
        if (m_v.trend)  // earned value as the reports of the past weeks measured it
            for (const TrendPoint& pt : m_v.trend->points)
                if (const TrendProject* p = pt.find(id()); p && !pt.commit.empty())
                    history.push_back({p->status_date, p->pv, p->ev, p->ac});
        render_scurve_svg(s, m_v.portfolio, m_st, history);
        return figure(s.str(), "S-curve: planned value over the baseline; earned value and actual cost up to the status date.");
    }
    std::string mta() const {
        if (!m_v.trend) return "";
        std::ostringstream s;
        const Project& p = m_v.portfolio.projects[static_cast<size_t>(m_st.project)];
        render_mta_svg(s, *m_v.trend, p.id, p.name ? p.name.value : p.id);
        return figure(s.str(), "Milestone trend analysis: each milestone's forecast at each status; lines that rise are slipping.");
    }
    std::string id() const { return m_v.portfolio.projects[static_cast<size_t>(m_st.project)].id; }
    std::string risks() const {
        std::ostringstream s;
        render_risk_heatmap_svg(s, m_v.portfolio, m_v.status.risks, m_st.project);
        return figure(s.str(), "Risk heat map of the project's live risks.");
    }
    std::string resources() const {
        if (!m_p.resources) return "";
        std::vector<int32_t> people;
        const Project& p = m_v.portfolio.projects[static_cast<size_t>(m_st.project)];
        for (const Task& t : p.tasks)
            for (const Assignment& a : t.assign)
                if (a.index >= 0 && std::find(people.begin(), people.end(), a.index) == people.end()) people.push_back(a.index);
        if (people.empty()) return "";
        std::sort(people.begin(), people.end());
        const ProjectPlan& pp = m_v.plan.projects[static_cast<size_t>(m_st.project)];
        ResourceView rv{m_v.portfolio, m_v.plan, *m_p.resources, false};
        std::ostringstream s;
        render_resource_heatmap_svg(s, rv, people, std::min(pp.start, m_st.status_date), pp.finish);
        return figure(s.str(), "Load of the project's people per week, all their projects counted.");
    }

private:
    const ReportView& m_v;
    const HtmlPictures& m_p;
    const ProjectStatus& m_st;
};

/// Raw HTML in the Markdown that pmo itself writes: the anchors the summary links to.
const std::regex kAnchor(R"re(^<a id="([A-Za-z0-9._-]+)"></a>\s*$)re");

}  // namespace

void render_report_html(std::ostream& out, const ReportView& v, const HtmlPictures& pictures) {
    std::ostringstream md;
    render_report_markdown(md, v);
    const std::string text = std::move(md).str();

    cmark_gfm_core_extensions_ensure_registered();
    std::unique_ptr<cmark_parser, CmarkDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    cmark_parser_attach_syntax_extension(parser.get(), cmark_find_syntax_extension("table"));
    cmark_parser_feed(parser.get(), text.data(), text.size());
    std::unique_ptr<cmark_node, CmarkDeleter> doc(cmark_parser_finish(parser.get()));

    // pmo's own anchors (a paragraph of two inline tags) become HTML blocks; then any other raw
    // HTML becomes text: nothing from the files is markup.
    for (cmark_node* n = cmark_node_first_child(doc.get()); n;) {
        cmark_node* next = cmark_node_next(n);
        if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
            std::string raw;
            bool all_html = true;
            for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
                all_html = all_html && cmark_node_get_type(c) == CMARK_NODE_HTML_INLINE;
                if (const char* lit = cmark_node_get_literal(c)) raw += lit;
            }
            if (all_html && std::regex_match(raw, kAnchor)) {
                cmark_node_replace(n, html_block(raw + "\n"));
                cmark_node_free(n);
            }
        }
        n = next;
    }
    std::vector<cmark_node*> nodes;
    {
        cmark_iter* it = cmark_iter_new(doc.get());
        for (cmark_event_type e; (e = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
            if (e == CMARK_EVENT_ENTER) nodes.push_back(cmark_iter_get_node(it));
        cmark_iter_free(it);
    }
    for (cmark_node* n : nodes) {
        const cmark_node_type type = cmark_node_get_type(n);
        // Links only within the page or to the web; no image is ever fetched.
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
            const std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
            if (type == CMARK_NODE_LINK && (url.starts_with("#") || url.starts_with("https://") || url.starts_with("http://")))
                continue;
            cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(t, text_of(n).c_str());
            cmark_node_replace(n, t);
            cmark_node_free(n);
            continue;
        }
        if (type != CMARK_NODE_HTML_INLINE && type != CMARK_NODE_HTML_BLOCK) continue;
        const std::string lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
        if (type == CMARK_NODE_HTML_BLOCK && std::regex_match(lit, kAnchor)) continue;
        cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(t, lit.c_str());
        if (type == CMARK_NODE_HTML_BLOCK) {
            cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
            cmark_node_append_child(para, t);
            t = para;
        }
        cmark_node_replace(n, t);
        cmark_node_free(n);
    }

    // The pictures: the portfolio's before the first section, a project's after the section
    // each belongs to (any whose section is missing at the end of the project), the Gantt
    // chart in place of the Mermaid one.
    const Portfolio& pf = v.portfolio;
    std::vector<cmark_node*> blocks;
    for (cmark_node* n = cmark_node_first_child(doc.get()); n; n = cmark_node_next(n)) blocks.push_back(n);
    std::unique_ptr<ProjectPictures> project;
    std::set<std::string> placed;
    std::string pending;  // the picture of the section being read
    bool portfolio_done = false;
    auto picture = [&](const std::string& kind) -> std::string {
        if (!project || placed.count(kind)) return "";
        placed.insert(kind);
        if (kind == "gantt") return project->gantt();
        if (kind == "scurve") return project->scurve();
        if (kind == "risks") return project->risks();
        if (kind == "mta") return project->mta();
        return project->resources();
    };
    auto flush_before = [&](cmark_node* n) {
        if (pending.empty()) return;
        const std::string html = picture(pending);
        pending.clear();
        if (html.empty()) return;
        if (n) cmark_node_insert_before(n, html_block(html));
        else cmark_node_append_child(doc.get(), html_block(html));
    };
    auto finish_project = [&](cmark_node* n) {
        flush_before(n);
        for (const char* kind : {"scurve", "risks", "resources", "gantt", "mta"}) {
            pending = kind;
            flush_before(n);
        }
        project.reset();
    };
    for (cmark_node* n : blocks) {
        const cmark_node_type type = cmark_node_get_type(n);
        std::smatch m;
        const std::string lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
        if (type == CMARK_NODE_HTML_BLOCK && std::regex_match(lit, m, kAnchor)) {
            finish_project(n);
            const int32_t pi = pf.project_index(m[1].str());
            for (const ProjectStatus& st : v.status.projects)
                if (st.project == pi) project = std::make_unique<ProjectPictures>(v, pictures, st);
            placed.clear();
            continue;
        }
        if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 3) {
            flush_before(n);
            if (cmark_node_get_heading_level(n) == 2 && !portfolio_done && !project) {
                portfolio_done = true;
                std::ostringstream rag, ms;
                render_rag_matrix_svg(rag, pf, v.status);
                render_milestone_timeline_svg(ms, pf, v.status);
                cmark_node_insert_before(n, html_block("<div class=\"pictures\">\n" +
                                                       figure(rag.str(), "RAG of every project in every dimension.") +
                                                       figure(ms.str(), "Milestones of every project: forecast and baseline.") +
                                                       "</div>\n"));
            }
            const std::string h = text_of(n);
            if (h == "Earned value") pending = "scurve";
            else if (h == "Top risks") pending = "risks";
            else if (h == "Resource hot spots") pending = "resources";
            else if (h == "Milestone trend") pending = "mta";
            continue;
        }
        if (type == CMARK_NODE_CODE_BLOCK) {
            const char* info = cmark_node_get_fence_info(n);
            if (info && std::string_view(info) == "mermaid" && project) {
                const std::string html = picture("gantt");
                cmark_node_replace(n, html_block(html.empty() ? "\n" : html));
                cmark_node_free(n);
            }
        }
    }
    finish_project(nullptr);

    char* html = cmark_render_html(doc.get(), CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser.get()));
    std::string body(html);
    cmark_get_default_mem_allocator()->free(html);
    // The RAG dots as coloured circles: the same in every browser and on paper, no emoji font needed.
    for (auto [emoji, to] : {std::pair{"\xf0\x9f\x9f\xa2 green", "<span class=\"rag\"><span class=\"dot g\"></span>green</span>"},
                             std::pair{"\xf0\x9f\x9f\xa0 amber", "<span class=\"rag\"><span class=\"dot a\"></span>amber</span>"},
                             std::pair{"\xf0\x9f\x94\xb4 red", "<span class=\"rag\"><span class=\"dot r\"></span>red</span>"}}) {
        for (size_t at = body.find(emoji); at != std::string::npos; at = body.find(emoji, at + std::string_view(to).size()))
            body.replace(at, std::string_view(emoji).size(), to);
    }
    // A cell that is a date is not broken at its hyphens ("2027-05-" over "28").
    for (size_t at = body.find("<td>"); at != std::string::npos; at = body.find("<td>", at + 4)) {
        const std::string_view cell = std::string_view(body).substr(at + 4, 15);
        if (cell.size() == 15 && cell.substr(10) == "</td>" && looks_like_date(cell.substr(0, 10)))
            body.replace(at, 4, "<td class=\"d\">");
    }
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>"
        << svg::esc(pf.config.name) << ": status report</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n"
        << body << "</body>\n</html>\n";
}

}  // namespace pmo
