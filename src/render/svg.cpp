#include <pmo/render/svg.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace pmo::svg {
namespace {

// Advance widths of U+0020..U+007E in font units (2048 per em), read from DejaVu Sans 2.37
// (fonts-dejavu-core) with fontTools: the layout below measures text as the renderer will.
constexpr unsigned short kRegular[95] = {
    651,  821,  942,  1716, 1303, 1946, 1597, 563,  799,  799,  1024, 1716, 651,  739,  651,  690,  1303, 1303, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 690,  690,  1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294,
    1178, 1587, 1540, 604,  604,  1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403,
    1251, 1403, 799,  690,  799,  1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721,  1300, 1298, 569,  569,  1186,
    569,  1995, 1298, 1253, 1300, 1300, 842,  1067, 803,  1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,  1303, 1716};
constexpr unsigned short kBold[95] = {
    713,  934,  1067, 1716, 1425, 2052, 1786, 627,  936,  936,  1071, 1716, 778,  850,  778,  748,  1425, 1425, 1425,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 819,  819,  1716, 1716, 1716, 1188, 2048, 1585, 1561, 1503, 1700, 1399,
    1399, 1681, 1714, 762,  762,  1587, 1305, 2038, 1714, 1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579,
    1483, 1485, 936,  748,  936,  1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389, 891,  1466, 1458, 702,  702,  1362,
    702,  2134, 1458, 1407, 1466, 1466, 1010, 1219, 979,  1458, 1335, 1892, 1321, 1335, 1192, 1458, 748,  1458, 1716};

double units(unsigned char c, bool bold) {
    if (c >= 0x20 && c < 0x7f) return (bold ? kBold : kRegular)[c - 0x20];
    if (c >= 0xC0) return 2048;  // the first byte of a non-ASCII character: counted as an em
    return 0;                    // continuation bytes and control characters
}

std::string fmt_num(double v) {
    std::string s = fmt::format("{:.1f}", v);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    if (s == "-0") s = "0";
    return s;
}

}  // namespace

std::string esc(std::string_view s) { return xml_text(s, true); }

double text_width(std::string_view s, double size, bool bold) {
    double u = 0;
    for (char c : s) u += units(static_cast<unsigned char>(c), bold);
    return u * size / 2048.0;
}

std::string fit(std::string_view s, double max_width, double size, bool bold) {
    if (text_width(s, size, bold) <= max_width) return std::string(s);
    const double room = max_width - text_width("\xe2\x80\xa6", size, bold);
    double w = 0;
    size_t cut = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const double cw = units(c, bold) * size / 2048.0;  // 0 for continuation bytes: never a cut there
        if (w + cw > room) break;
        w += cw;
        cut = i + 1;
    }
    while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    while (cut > 0 && s[cut - 1] == ' ') --cut;
    return std::string(s.substr(0, cut)) + "\xe2\x80\xa6";
}

double Canvas::text(double x, double y, std::string_view s, std::string_view attrs, Anchor anchor, double size, bool bold,
                    std::string_view tip) {
    const double sz = size > 0 ? size : m_font_size;
    const double w = text_width(s, sz, bold);
    const double x0 = anchor == Anchor::start ? x : anchor == Anchor::middle ? x - w / 2 : x - w;
    std::string a;
    if (anchor == Anchor::middle) a += " text-anchor=\"middle\"";
    if (anchor == Anchor::end) a += " text-anchor=\"end\"";
    if (size > 0) a += " font-size=\"" + fmt_num(size) + "\"";
    if (bold) a += " font-weight=\"bold\"";
    if (!attrs.empty()) a += " " + std::string(attrs);
    std::string body = esc(s);
    if (!tip.empty()) body = "<title>" + esc(tip) + "</title>" + body;
    element(fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>", fmt_num(x), fmt_num(y), a, body), x0, y - ascent(sz), x0 + w,
            y + descent(sz));
    return w;
}

void Canvas::element(std::string_view markup, double x0, double y0, double x1, double y1) {
    m_body += markup;
    m_body += '\n';
    cover(x0, y0, x1, y1);
}

void Canvas::cover(double, double, double x1, double y1) {
    m_x1 = std::max(m_x1, x1);
    m_y1 = std::max(m_y1, y1);
}

void Canvas::rect(double x, double y, double w, double h, std::string_view attrs, std::string_view tip) {
    const std::string t = tip.empty() ? "" : "<title>" + esc(tip) + "</title>";
    element(t.empty() ? fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>", fmt_num(x), fmt_num(y),
                                    fmt_num(w), fmt_num(h), attrs)
                      : fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}>{}</rect>", fmt_num(x),
                                    fmt_num(y), fmt_num(w), fmt_num(h), attrs, t),
            x, y, x + w, y + h);
}

void Canvas::line(double x1, double y1, double x2, double y2, std::string_view attrs, std::string_view tip) {
    const std::string t = tip.empty() ? "" : "<title>" + esc(tip) + "</title>";
    element(t.empty() ? fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}/>", fmt_num(x1), fmt_num(y1),
                                    fmt_num(x2), fmt_num(y2), attrs)
                      : fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}>{}</line>", fmt_num(x1), fmt_num(y1),
                                    fmt_num(x2), fmt_num(y2), attrs, t),
            std::min(x1, x2), std::min(y1, y2), std::max(x1, x2), std::max(y1, y2));
}

double Canvas::legend(double x, double y, double max_width, const std::vector<LegendItem>& items) {
    const double mark = 14, gap = 5, after = 18, row_h = std::max(mark, m_font_size * 1.2) + 6;
    double cx = x, cy = y;
    for (const LegendItem& it : items) {
        const bool has_mark = it.mark != LegendItem::Mark::none;
        const double w = (has_mark ? mark + gap : 0) + text_width(it.label, m_font_size);
        if (cx > x && cx + w > x + max_width) {
            cx = x;
            cy += row_h;
        }
        const double my = cy + (row_h - 6 - mark) / 2;  // the mark's top
        const std::string& c = it.colour;
        using M = LegendItem::Mark;
        switch (it.mark) {
            case M::swatch: rect(cx, my, mark, mark, fmt::format("fill=\"{}\" stroke=\"#999\" stroke-width=\"0.5\"", c)); break;
            case M::line:
                line(cx, my + mark / 2, cx + mark, my + mark / 2,
                     fmt::format("stroke=\"{}\" stroke-width=\"2\"{}", c,
                                 it.dash.empty() ? "" : " stroke-dasharray=\"" + it.dash + "\""));
                break;
            case M::dashed:
                line(cx + mark / 2, my, cx + mark / 2, my + mark, fmt::format("stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"3 2\"", c));
                break;
            case M::dashed_across:
                line(cx, my + mark / 2, cx + mark, my + mark / 2,
                     fmt::format("stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"", c));
                break;
            case M::point:
                element(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>", fmt_num(cx + mark / 2),
                                    fmt_num(my + mark / 2), c),
                        cx, my, cx + mark, my + mark);
                break;
            case M::line_point:
                line(cx, my + mark / 2, cx + mark, my + mark / 2, fmt::format("stroke=\"{}\" stroke-width=\"2\"", c));
                element(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"/>", fmt_num(cx + mark / 2),
                                    fmt_num(my + mark / 2), c),
                        cx, my, cx + mark, my + mark);
                break;
            case M::hatched:
                rect(cx, my, mark, mark, fmt::format("fill=\"{}\" stroke=\"#999\" stroke-width=\"0.5\"", c));
                hatch(*this, cx, my, mark, mark);
                break;
            case M::none: break;
            case M::diamond:
                element(fmt::format("<path d=\"M{},{} l6,7 l-6,7 l-6,-7 z\" fill=\"{}\"/>", fmt_num(cx + 7), fmt_num(my), c), cx,
                        my, cx + mark, my + mark);
                break;
            case M::hollow_diamond:
                element(fmt::format("<path d=\"M{},{} l6,7 l-6,7 l-6,-7 z\" fill=\"white\" stroke=\"{}\"/>", fmt_num(cx + 7),
                                    fmt_num(my), c),
                        cx, my, cx + mark, my + mark);
                break;
            case M::triangle:
                element(fmt::format("<path d=\"M{},{} l5,-10 l5,10 z\" fill=\"{}\"/>", fmt_num(cx + 2), fmt_num(my + 12), c),
                        cx, my, cx + mark, my + mark);
                break;
            case M::bracket:
                element(fmt::format("<path d=\"M{0},{1} H{2} V{3} L{4},{5} H{6} L{0},{3} Z\" fill=\"{7}\"/>", fmt_num(cx),
                                    fmt_num(my + 4), fmt_num(cx + mark), fmt_num(my + 10), fmt_num(cx + mark - 3),
                                    fmt_num(my + 7), fmt_num(cx + 3), c),
                        cx, my, cx + mark, my + mark);
                break;
            case M::baseline: rect(cx, my + 9, mark, 4, fmt::format("fill=\"{}\"", c)); break;
            case M::arrow:
                element(fmt::format("<path d=\"M{0},{1} H{2}\" stroke=\"{4}\" fill=\"none\"/><path d=\"M{2},{3} l4,3 l-4,3 z\" fill=\"{4}\"/>",
                                    fmt_num(cx), fmt_num(my + 7), fmt_num(cx + mark - 4), fmt_num(my + 4), c),
                        cx, my, cx + mark, my + mark);
                break;
        }
        text(has_mark ? cx + mark + gap : cx, my + mark / 2 + ascent(m_font_size) / 2, it.label, "fill=\"#333\"");
        cx += w + after;
    }
    return cy + row_h - 6;
}

void Canvas::write(std::ostream& out, std::string_view kind, std::string_view title, std::string_view style,
                   double margin) const {
    const double w = std::ceil(m_x1 + margin), h = std::ceil(m_y1 + margin);
    out << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
                       "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"{}\">\n",
                       kind, fmt_num(w), fmt_num(h), fmt_num(w), fmt_num(h), fmt_num(m_font_size));
    out << "<title>" << esc(title) << "</title>\n";
    if (!style.empty()) out << "<style>" << style << "</style>\n";
    out << fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n", fmt_num(w), fmt_num(h));
    out << m_body << "</svg>\n";
}

void hatch(Canvas& c, double x, double y, double w, double h) {
    // Lines of slope -1 (up to the right) through (x + k, y + h); each clipped to the box.
    std::string d;
    for (double k = 2.5 - h; k < w; k += 5) {
        double x1 = x + k, y1 = y + h, x2 = x + k + h, y2 = y;
        if (x1 < x) {
            y1 -= x - x1;
            x1 = x;
        }
        if (x2 > x + w) {
            y2 += x2 - (x + w);
            x2 = x + w;
        }
        if (x2 - x1 < 0.5) continue;
        d += fmt::format("{}M{},{} L{},{}", d.empty() ? "" : " ", fmt_num(x1), fmt_num(y1), fmt_num(x2), fmt_num(y2));
    }
    if (!d.empty()) c.element("<path d=\"" + d + "\" fill=\"none\" stroke=\"#333\" stroke-opacity=\"0.45\"/>", x, y, x + w, y + h);
}

void date_axis(Canvas& c, Date lo, Date hi, double x0, double x1, double label_y, double grid_top, double grid_bottom) {
    const int32_t span = std::max(1, hi - lo);
    const double per_day = (x1 - x0) / span;
    const double room = text_width("2027-01-01", c.font_size()) + 12;
    // Steps in days (about), then the first tick and the next one for each.
    const int months[] = {0, 1, 3, 12, 60};
    int step = 0;
    for (; step < 4; ++step) {
        const double days = step == 0 ? 7 : months[step] * 30.4;
        if (days * per_day >= room) break;
    }
    auto next = [&](Date d) {
        if (step == 0) return d + 7;
        int y = d.year();
        int m = static_cast<int>(d.month()) + months[step];
        while (m > 12) {
            m -= 12;
            ++y;
        }
        return Date::from_ymd(y, static_cast<unsigned>(m), 1);
    };
    Date d = lo;
    if (step == 0) d = lo + (7 - lo.weekday()) % 7;
    else {
        int m = static_cast<int>(lo.month());
        int y = lo.year();
        const int every = months[step];
        int first = ((m - 1) / every) * every + 1;
        Date cand = Date::from_ymd(y, static_cast<unsigned>(first), 1);
        if (step == 4) cand = Date::from_ymd(y - ((y % 5) + 5) % 5, 1, 1);
        d = cand < lo ? next(cand) : cand;
    }
    double last_right = -1e9;
    for (; d <= hi; d = next(d)) {
        const double x = x0 + (d - lo) * per_day;
        c.line(x, grid_top, x, grid_bottom, "stroke=\"#e3e6ea\"");
        const double w = text_width(d.iso(), c.font_size());
        if (x - w / 2 < last_right + 8) continue;
        c.text(x, label_y, d.iso(), "fill=\"#555\"", Anchor::middle);
        last_right = x + w / 2;
    }
}

}  // namespace pmo::svg
