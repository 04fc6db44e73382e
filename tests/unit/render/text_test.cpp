#include <pmo/render/json.hpp>
#include <pmo/render/svg.hpp>
#include <pmo/render/text.hpp>

#include <doctest/doctest.h>

using namespace pmo;

// One escaping function per format family; each holds against control characters, invalid
// UTF-8 and the characters its format cannot hold.

TEST_CASE("terminal text: control characters and invalid UTF-8 are shown, never sent") {
    CHECK(terminal_text("plain caf\xc3\xa9") == "plain caf\xc3\xa9");
    // An OSC sequence that would retitle the terminal, a forged line, a bell, DEL.
    CHECK(terminal_text("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07");
    CHECK(terminal_text("a\nb\tc\r\x7f") == "a\\nb\\tc\\x0d\\x7f");
    // C1 control U+009B (CSI) and a Latin-1 byte.
    CHECK(terminal_text("\xc2\x9b" "2J caf\xe9") == "\\u009b2J caf\\xe9");
}

TEST_CASE("XML text: markup escaped, characters XML 1.0 cannot hold replaced") {
    CHECK(xml_text("<a & \"b\" 'c'>") == "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
    CHECK(xml_text("a\x01" "b\x1b" "c") == "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    CHECK(xml_text("\xef\xbf\xbe\xef\xbf\xbf") == "\xef\xbf\xbd\xef\xbf\xbd");  // U+FFFE, U+FFFF
    CHECK(xml_text("caf\xe9") == "caf\xef\xbf\xbd");
    CHECK(xml_text("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a UTF-16 surrogate
    CHECK(xml_text("a\nb\tc") == "a&#10;b&#9;c");
    CHECK(xml_text("a\nb\tc", true) == "a b c");
    CHECK(svg::esc("x\x1by\xef\xbf\xbe") == "x\xef\xbf\xbdy\xef\xbf\xbd");
}

TEST_CASE("JSON strings are valid UTF-8 whatever the input") {
    CHECK(json_quote("caf\xe9.yaml") == "\"caf\xef\xbf\xbd.yaml\"");
    CHECK(json_quote("caf\xc3\xa9\x1b\x7f") == "\"caf\xc3\xa9\\u001b\\u007f\"");
    CHECK(json_quote("\xc0\xaf") == "\"\xef\xbf\xbd\xef\xbf\xbd\"");  // an overlong '/'
}

TEST_CASE("Mermaid text: a keyword at the start is no directive") {
    for (const char* k : {"section Evil", "title X", "click t1 call alert()", "dateFormat YYYY", "excludes weekends",
                          "Section upper", "  todayMarker off", "%% comment"}) {
        const std::string m = mermaid_text(k);
        CAPTURE(k);
        CHECK(m.starts_with("\xe2\x80\x8b"));
    }
    CHECK(mermaid_text("sections of wall") == "\xe2\x80\x8bsections of wall");  // still as written
    CHECK(mermaid_text("Design the title page") == "Design the title page");
    CHECK(mermaid_text("a\x1b" "b\nc") == "ab c");
}

TEST_CASE("counts: one working day, several working days, signed when asked") {
    CHECK(working_days(1) == "1 working day");
    CHECK(working_days(0) == "0 working days");
    CHECK(working_days(12) == "12 working days");
    CHECK(signed_working_days(1) == "+1 working day");
    CHECK(signed_working_days(-1) == "-1 working day");
    CHECK(signed_working_days(-3) == "-3 working days");
    CHECK(counted(2, "open risk") == "2 open risks");
}

TEST_CASE("a table cell: escaped for the terminal, then cut between characters, never inside one") {
    CHECK(terminal_cell("Müller-Lüdenscheidt", 8) == "Müller-L");
    CHECK(terminal_cell("a\x1b]0;x", 4) == "a\\x1b]0");
    CHECK(terminal_cell("short", 12) == "short");
}
