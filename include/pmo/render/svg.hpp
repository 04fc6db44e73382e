#pragma once

#include <pmo/model/date.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pmo::svg {

/// Text for SVG or HTML character data and attribute values: markup characters escaped,
/// control characters dropped.
std::string esc(std::string_view s);

/// The advance width of `s` in DejaVu Sans (the font every picture asks for first) at `size`
/// pixels: the widths of the font's own glyph table for ASCII, an em for anything else.
double text_width(std::string_view s, double size, bool bold = false);

/// `s` cut at a character boundary and ended with an ellipsis so it is at most `max_width`
/// pixels wide.
std::string fit(std::string_view s, double max_width, double size, bool bold = false);

enum class Anchor { start, middle, end };

/// One entry of a legend: what a colour or mark means.
struct LegendItem {
    /// dashed: a vertical dashed line (a date); dashed_across: a horizontal one (a level);
    /// point: a dot, as a chart's data point; line_point: a line through a dot; hatched: a
    /// swatch with hatch() over it (`colour` its fill); none: the
    /// label alone (something the chart could not draw, said in words).
    enum class Mark {
        swatch,
        line,
        dashed,
        dashed_across,
        point,
        line_point,
        diamond,
        hollow_diamond,
        triangle,
        bracket,
        baseline,
        arrow,
        hatched,
        none
    } mark = Mark::swatch;
    std::string colour;  ///< fill (swatch, diamond, triangle, bracket) or stroke (lines)
    std::string label;
    std::string dash = {};  ///< a line's stroke-dasharray, when the chart dashes it
};

/// An SVG picture built in memory that knows how far its content reaches: text is measured
/// as it is placed, so the picture is made as large as what it holds and nothing is cut.
class Canvas {
public:
    explicit Canvas(double font_size = 11) : m_font_size(font_size) {}

    double font_size() const { return m_font_size; }
    /// Writes text with its baseline at y; returns the width it takes.
    double text(double x, double y, std::string_view s, std::string_view attrs = {}, Anchor anchor = Anchor::start,
                double size = 0, bool bold = false, std::string_view tip = {});
    /// Any element, with the box it covers.
    void element(std::string_view markup, double x0, double y0, double x1, double y1);
    void rect(double x, double y, double w, double h, std::string_view attrs, std::string_view tip = {});
    void line(double x1, double y1, double x2, double y2, std::string_view attrs, std::string_view tip = {});
    /// A legend from (x, y) (its top), in rows no wider than `max_width`; returns its bottom.
    double legend(double x, double y, double max_width, const std::vector<LegendItem>& items);
    /// Grows the picture to cover a box without drawing anything.
    void cover(double x0, double y0, double x1, double y1);

    double right() const { return m_x1; }
    double bottom() const { return m_y1; }

    /// The whole picture: a white background as large as the content plus `margin`. The root
    /// element has class `kind`, and `style` is CSS whose rules all start with `.kind `, so
    /// pictures inlined into one HTML page cannot restyle each other.
    void write(std::ostream& out, std::string_view kind, std::string_view title, std::string_view style,
               double margin = 8) const;

private:
    double m_font_size;
    double m_x1 = 0, m_y1 = 0;
    std::string m_body;
};

/// Diagonal stripes over the box (x, y, w, h), every 5 pixels, clipped to it: the mark of a
/// cell that counts only part of its period.
void hatch(Canvas& c, double x, double y, double w, double h);

/// A date axis along [x0, x1] for the dates [lo, hi]: grid lines from `grid_top` to
/// `grid_bottom` at Mondays, first days of months, quarters or years, whichever is the finest
/// whose dates fit side by side, labelled with their baseline at `label_y`.
void date_axis(Canvas& c, Date lo, Date hi, double x0, double x1, double label_y, double grid_top, double grid_bottom);

/// The top and bottom of a line of text of `size` pixels around its baseline (capital and
/// descender heights of DejaVu Sans).
inline double ascent(double size) { return 0.76 * size; }
inline double descent(double size) { return 0.24 * size; }

}  // namespace pmo::svg
