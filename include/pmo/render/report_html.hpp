#pragma once

#include <pmo/render/charts.hpp>
#include <pmo/render/report.hpp>

#include <map>
#include <ostream>

namespace pmo {

/// What the HTML report's pictures need beyond the Markdown report.
struct HtmlPictures {
    /// The dates the Gantt charts draw as baseline bars: the baseline revision's plan, else the
    /// plan without progress that earned value is measured against.
    const BaselineComparison* bars = nullptr;
    /// Load per person and week across the portfolio, for each project's resource heat map.
    const ResourceReport* resources = nullptr;
};

/// The status report as one self-contained HTML page: the Markdown report's content (the same
/// text, through GitHub's own Markdown library) with pictures drawn by pmo in place of the
/// Mermaid charts: the RAG matrix and a milestone timeline on top, and per project its Gantt
/// chart, S-curve, risk heat map and resource heat map. Inline CSS (screen, phone and print),
/// inline SVG, no script, nothing fetched from anywhere.
void render_report_html(std::ostream& out, const ReportView& v, const HtmlPictures& pictures);

}  // namespace pmo
