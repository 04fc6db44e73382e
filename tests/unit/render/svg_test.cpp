#include <pmo/render/svg.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>

using namespace pmo;

TEST_CASE("svg: text is measured with DejaVu Sans' advance widths") {
    // 'H' is 1540 and 'i' 569 units of 2048 per em.
    CHECK(svg::text_width("Hi", 2048) == doctest::Approx(1540 + 569));
    CHECK(svg::text_width("Hi", 2048, true) == doctest::Approx(1714 + 702));
    CHECK(svg::text_width("\xc3\xbc", 10) == doctest::Approx(10));  // non-ASCII: an em
}

TEST_CASE("svg: fit cuts at a character and ends with an ellipsis") {
    CHECK(svg::fit("short", 100, 10) == "short");
    const std::string cut = svg::fit("Requirements workshops", 60, 10);
    CHECK(cut.ends_with("\xe2\x80\xa6"));
    CHECK(svg::text_width(cut, 10) <= 60);
    CHECK(svg::fit("\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc", 25, 10) == "\xc3\xbc\xe2\x80\xa6");  // never inside a character
    CHECK(svg::esc("<a & \"b\">") == "&lt;a &amp; &quot;b&quot;&gt;");
}

TEST_CASE("svg: the canvas is as large as what it holds") {
    svg::Canvas c(10);
    c.rect(0, 0, 50, 20, "fill=\"red\"");
    c.text(40, 30, "a label that runs past the rectangle");
    std::ostringstream out;
    c.write(out, "k", "t", "");
    const double right = 40 + svg::text_width("a label that runs past the rectangle", 10);
    CHECK(c.right() == doctest::Approx(right));
    CHECK(c.bottom() == doctest::Approx(30 + svg::descent(10)));
    CHECK(out.str().find("width=\"" + std::to_string(static_cast<int>(std::ceil(right + 8))) + "\"") != std::string::npos);
}
