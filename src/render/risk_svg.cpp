#include <pmo/model/risk_score.hpp>
#include <pmo/render/charts.hpp>
#include <pmo/render/svg.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <sstream>
#include <tuple>

namespace pmo {
namespace {

constexpr const char* kLevelFill[] = {"#cfe8cf", "#f7d794", "#f1a7a5"};  // low, medium, high

/// The heat map at (x, y) on `c`; returns its bottom.
double heatmap(svg::Canvas& c, double x, double y, const Portfolio& pf, const RiskRegister& reg, int32_t project,
               std::string_view heading) {
    const int n = reg.scale;
    const double cell = 46, fs = c.font_size();
    if (!heading.empty()) {
        c.text(x, y + svg::ascent(fs), heading, "fill=\"#222\"", svg::Anchor::start, 0, true);
        y += fs * 1.8;
    }
    const double axis_w = svg::text_width("impact 5", fs) + 10;
    c.text(x, y + svg::ascent(fs), "impact", "fill=\"#555\"");
    const double gy = y + fs * 1.6, gx = x + axis_w;
    bool used[3] = {false, false, false};
    int total = 0;
    for (int i = n; i >= 1; --i) {
        const double cy = gy + (n - i) * cell;
        c.text(gx - 8, cy + cell / 2 + svg::ascent(fs) / 2, std::to_string(i), "fill=\"#555\"", svg::Anchor::end);
        for (int p = 1; p <= n; ++p) {
            const double cx = gx + (p - 1) * cell;
            const RiskLevel l = risk_level(static_cast<double>(i * p), pf.config);
            used[static_cast<int>(l)] = true;
            std::vector<std::string> ids;
            for (size_t k : reg.heat[static_cast<size_t>(i - 1)][static_cast<size_t>(p - 1)]) {
                const RiskRow& r = reg.rows[k];
                if (project >= 0 && r.project != project) continue;
                const Project& pr = pf.projects[static_cast<size_t>(r.project)];
                ids.push_back(pr.id + "/" + pr.risks[static_cast<size_t>(r.risk)].id);
            }
            total += static_cast<int>(ids.size());
            const std::string tip = fmt::format("impact {}, probability {} (score {}, {}){}{}", i, p, i * p,
                                                to_string(l), ids.empty() ? "" : ": ",
                                                fmt::join(ids, ", "));
            c.rect(cx, cy, cell, cell, fmt::format("fill=\"{}\" stroke=\"white\" stroke-width=\"2\"", kLevelFill[static_cast<int>(l)]),
                   tip);
            if (!ids.empty())
                c.text(cx + cell / 2, cy + cell / 2 + svg::ascent(fs * 1.3) / 2, std::to_string(ids.size()), "fill=\"#222\"",
                       svg::Anchor::middle, fs * 1.3, true);
        }
    }
    const double bottom = gy + n * cell;
    for (int p = 1; p <= n; ++p)
        c.text(gx + (p - 0.5) * cell, bottom + 4 + svg::ascent(fs), std::to_string(p), "fill=\"#555\"", svg::Anchor::middle);
    c.text(gx + n * cell / 2, bottom + 6 + fs * 1.2 + svg::ascent(fs), "probability", "fill=\"#555\"", svg::Anchor::middle);
    std::vector<svg::LegendItem> legend;
    for (int k = 0; k < 3; ++k)
        if (used[k]) legend.push_back({svg::LegendItem::Mark::swatch, kLevelFill[k], std::string(to_string(static_cast<RiskLevel>(k))) + " score"});
    const double ly = bottom + 10 + fs * 2.4;
    const double end = c.legend(x, ly, std::max(axis_w + n * cell, 300.0), legend);
    c.text(x, end + 6 + svg::ascent(fs),
           total ? fmt::format("a number: how many live risks (open or mitigating) sit in the cell; {} in all", total)
                 : "no live risks (open or mitigating)",
           "fill=\"#555\"");
    return end + 6 + fs * 1.2;
}

/// A vertical mark of a Monte Carlo panel (P50, P80, the deadline) and its label.
struct Mark {
    double x;
    std::string label, colour;
    bool solid;
};

/// Where a mark's label goes: its row in the band above the plot and its side of the line.
struct LabelSpot {
    size_t row = 0;
    bool left = false;
};

/// Rows and sides for the marks' labels such that no two labels of a row meet and no mark's
/// line, which runs from its own label's row down through the plot, crosses another label
/// (of its row or of a row below), and no label runs past `right_limit` or out on the left.
/// Of all such placements the one with the fewest rows wins, then the one with the most
/// labels to the right of their lines, then the one whose rows keep the marks' order, then the
/// first in a fixed order: the same marks give the same picture. When there is none, every
/// mark gets a row of its own, in the order of x, with its label to the right: then no line
/// crosses a label, though a label may widen the picture.
std::vector<LabelSpot> place_mark_labels(const std::vector<Mark>& marks, double fs, double right_limit) {
    const size_t n = marks.size();
    std::vector<double> w(n);
    for (size_t k = 0; k < n; ++k) w[k] = svg::text_width(marks[k].label, fs);
    auto span = [&](size_t k, bool left) {
        return left ? std::pair{marks[k].x - 3 - w[k], marks[k].x - 3} : std::pair{marks[k].x + 3, marks[k].x + 3 + w[k]};
    };
    const size_t choices = 2 * n;  // row r, side s as r * 2 + s
    size_t combos = 1;
    for (size_t k = 0; k < n; ++k) combos *= choices;
    std::vector<LabelSpot> best, cur(n);
    std::tuple<size_t, size_t, size_t> best_cost;
    for (size_t code = 0; code < combos; ++code) {
        size_t c = code, rows = 0, lefts = 0, inversions = 0;
        for (size_t k = 0; k < n; ++k, c /= choices) {
            cur[k] = {(c % choices) / 2, c % 2 == 1};
            rows = std::max(rows, cur[k].row + 1);
            lefts += cur[k].left;
            for (size_t j = 0; j < k; ++j) inversions += cur[j].row > cur[k].row;
        }
        const auto cost = std::tuple{rows, lefts, inversions};
        if (!best.empty() && cost >= best_cost) continue;
        bool ok = true;
        for (size_t j = 0; j < n && ok; ++j) {
            const auto [a0, a1] = span(j, cur[j].left);
            if (a0 < 2 || a1 > right_limit) ok = false;
            for (size_t k = 0; k < n && ok; ++k) {
                if (k == j) continue;
                // Line k runs through label j's row when its own row is that row or above it.
                if (cur[k].row <= cur[j].row && marks[k].x > a0 - 2 && marks[k].x < a1 + 2) ok = false;
                const auto [b0, b1] = span(k, cur[k].left);
                if (cur[k].row == cur[j].row && a0 < b1 + 6 && b0 < a1 + 6) ok = false;
            }
        }
        if (!ok) continue;
        best = cur;
        best_cost = cost;
    }
    if (best.empty()) {
        std::vector<size_t> order(n);
        for (size_t k = 0; k < n; ++k) order[k] = k;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return marks[a].x < marks[b].x; });
        best.assign(n, {});
        for (size_t r = 0; r < n; ++r) best[order[r]] = {r, false};
    }
    return best;
}

/// What the Monte Carlo panels drew, for a legend that lists only that.
struct Drawn {
    bool distribution = false, deadline = false;
};

/// One Monte Carlo panel at y0 (its top); returns its bottom.
double simulation_panel(svg::Canvas& c, double y0, const Portfolio& pf, const Simulation& s, const SimProject& p,
                        Drawn& drawn) {
    const Project& proj = pf.projects[static_cast<size_t>(p.project)];
    const double fs = c.font_size(), left = 60, plot_w = 640, plot_h = 190, right = left + plot_w;
    c.text(left, y0 + svg::ascent(fs), fmt::format("{}: finish date over {} iterations", proj.name ? proj.name.value : proj.id,
                                                   s.iterations),
           "fill=\"#222\"", svg::Anchor::start, 0, true);
    if (p.finishes.empty()) return y0 + fs * 1.5;
    drawn.distribution = true;
    // From the deadline when every iteration misses it (the case a steering committee must see),
    // two weeks at least, so a finish the simulation never varies still draws as a bar.
    const Date lo = std::min(p.finishes.front(), proj.deadline ? proj.deadline.value : p.finishes.front());
    const Date hi = std::max({p.finishes.back(), proj.deadline ? proj.deadline.value : p.finishes.back(), lo + 13});
    const int span = std::max(1, hi - lo + 1);
    std::vector<int> hist(static_cast<size_t>(span), 0);
    for (const Date& d : p.finishes) hist[static_cast<size_t>(d - lo)]++;
    const int peak = *std::max_element(hist.begin(), hist.end());
    const double bw = plot_w / span;
    auto x_mid = [&](Date d) { return left + (d - lo + 0.5) * bw; };

    // The marks' labels in a band above the plot, in as many rows as keep them apart.
    std::vector<Mark> marks = {{x_mid(p.finish.p50), "P50 " + p.finish.p50.iso(), "#555", false},
                               {x_mid(p.finish.p80), "P80 " + p.finish.p80.iso(), "#555", false}};
    if (proj.deadline) {
        drawn.deadline = true;
        marks.push_back({left + (proj.deadline.value - lo + 1) * bw,
                         fmt::format("deadline {}{}", proj.deadline->iso(),
                                     p.on_time ? fmt::format(" ({:.0f}% on time)", *p.on_time * 100) : ""),
                         "#d9534f", true});
    }
    const double row_h = fs * 1.4, band_top = y0 + fs * 1.6;
    const std::vector<LabelSpot> placed = place_mark_labels(marks, fs, right + 50);
    size_t rows = 0;
    for (const LabelSpot& sp : placed) rows = std::max(rows, sp.row + 1);
    const double plot_top = band_top + static_cast<double>(rows) * row_h + 4, plot_bottom = plot_top + plot_h;
    for (int i = 0; i < span; ++i) {
        const double h = peak ? plot_h * hist[static_cast<size_t>(i)] / peak : 0;
        if (h > 0)
            c.rect(left + i * bw, plot_bottom - h, std::max(0.5, bw - 0.5), h, "fill=\"#9fbfe0\"",
                   fmt::format("{}: {} iterations", (lo + i).iso(), hist[static_cast<size_t>(i)]));
    }
    // Cumulative curve, 0..100% on the right axis.
    std::string path;
    int cum = 0;
    for (int i = 0; i < span; ++i) {
        cum += hist[static_cast<size_t>(i)];
        const double y = plot_bottom - plot_h * cum / static_cast<double>(p.finishes.size());
        path += fmt::format("{}{:.1f},{:.1f}", i ? " L" : "M", left + (i + 1) * bw, y);
    }
    c.element("<path d=\"M" + fmt::format("{:.1f},{:.1f} L", left, plot_bottom) + path.substr(1) +
                  "\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"2\"/>",
              left, plot_top, right, plot_bottom);
    c.line(left, plot_bottom, right, plot_bottom, "stroke=\"#333\"");
    c.line(right, plot_top, right, plot_bottom, "stroke=\"#1f4e8c\"");
    for (size_t k = 0; k < marks.size(); ++k) {
        const Mark& m = marks[k];
        const double ly = band_top + static_cast<double>(placed[k].row) * row_h;
        c.line(m.x, ly, m.x, plot_bottom,
               m.solid ? fmt::format("stroke=\"{}\" stroke-width=\"2\"", m.colour)
                       : fmt::format("stroke=\"{}\" stroke-dasharray=\"3 3\"", m.colour));
        c.text(placed[k].left ? m.x - 3 : m.x + 3, ly + svg::ascent(fs) + 1, m.label, fmt::format("fill=\"{}\"", m.colour),
               placed[k].left ? svg::Anchor::end : svg::Anchor::start);
    }
    const double dy = plot_bottom + 4 + svg::ascent(fs);
    c.text(left, dy, lo.iso(), "fill=\"#555\"");
    if (hi != lo) c.text(right, dy, hi.iso(), "fill=\"#555\"", svg::Anchor::end);
    c.text(right + 4, plot_top + svg::ascent(fs), "100%", "fill=\"#1f4e8c\"");
    c.text(right + 4, plot_bottom, "0%", "fill=\"#1f4e8c\"");
    return plot_bottom + 4 + fs * 1.3;
}

}  // namespace

void render_risk_heatmap_svg(std::ostream& out, const Portfolio& pf, const RiskRegister& reg, int32_t project) {
    svg::Canvas c(11);
    heatmap(c, 8, 8, pf, reg, project, "");
    c.write(out, "pmo-heat", "risk heat map", "");
}

void render_risk_svg(std::ostream& out, const RiskView& v) {
    // The heat map, and with --simulate the finish-date distributions under it.
    svg::Canvas c(11);
    double y = heatmap(c, 8, 8, v.portfolio, v.reg, -1, v.portfolio.config.name + ": open risks by probability and impact");
    if (const Simulation* s = v.simulation) {
        y += 28;
        Drawn drawn;
        for (const SimProject& p : s->projects) y = simulation_panel(c, y, v.portfolio, *s, p, drawn) + 24;
        using M = svg::LegendItem::Mark;
        std::vector<svg::LegendItem> legend;
        if (drawn.distribution)
            legend = {{M::swatch, "#9fbfe0", "iterations finishing on the day"},
                      {M::line, "#1f4e8c", "chance of finishing by then (right axis)"},
                      {M::dashed, "#555", "P50 and P80 finish"}};
        if (drawn.deadline) legend.push_back({M::line, "#d9534f", "deadline"});
        if (!legend.empty()) c.legend(60, y - 12, 640, legend);
    }
    c.write(out, "pmo-risk", v.portfolio.config.name + " risks", "");
}

}  // namespace pmo
