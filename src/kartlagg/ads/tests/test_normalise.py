from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.ads.exceptions import MalformedRecord
from kartlagg.ads.normalise import (
    country_code,
    parse_date,
    parse_positions,
    strip_html,
    tidy,
)


def test_html_is_stripped_and_paragraphs_kept_apart() -> None:
    html = "<p>Vi söker &amp; välkomnar</p><ul><li>GMP</li><li>QA</li></ul><script>alert(1)</script>Slut"
    assert strip_html(html) == "Vi söker & välkomnar\n\nGMP\n\nQA\n\nSlut"


def test_plain_text_is_kept_as_published() -> None:
    assert strip_html("  Rad ett\nRad två  ") == "Rad ett\nRad två"


_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt"}  # fmt: skip


def _strip_html_by_the_rule(value: str) -> str:
    """One pass over the markup, tag by tag: a block tag (p, br, li, ...) ends the line, another named
    tag is a space, a declaration or processing instruction is nothing; then entities, then tidy."""
    import html
    import re

    value = re.sub(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", " ", value, flags=re.I | re.S)

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        return ("\n" if name.lower() in _BLOCK_TAGS else " ") if name else ""

    value = re.sub(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<[/!?][^>]*>", replace, value)
    return tidy(html.unescape(value))


def _has_markup(value: str) -> bool:
    import re

    return re.search(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<[/!?][^>]*>", value) is not None


_TAG_NAMES = st.sampled_from(["p", "P", "br", "Br", "li", "h2", "pre", "b", "span", "param", "h1x", "p_x"])
_MARKUP = st.one_of(
    st.builds(lambda slash, name, rest: f"<{slash}{name}{rest}>", st.sampled_from(["", "/"]), _TAG_NAMES,
              st.sampled_from(["", " ", ' class="x"', "/", " /"])),
    st.sampled_from(["<!DOCTYPE html>", "<?xml version='1.0'?>", "</ >", "<!-- x -->", "<script>x</script>"]),
    st.text(alphabet=st.sampled_from(list("ab &;\n\t\xa0")), max_size=8),
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_MARKUP, min_size=1, max_size=12).map("".join))
def test_strip_html_does_what_the_one_pass_rule_says(html_text: str) -> None:
    if _has_markup(html_text):  # text without markup is only trimmed (the test above)
        assert strip_html(html_text) == _strip_html_by_the_rule(html_text)


def _tidy_by_the_rule(text: str) -> str:
    """What tidy does, line by line: each line's words (split at any whitespace) joined by one space; no
    blank line at either end; one blank line where there were several. Text without any of the usual
    marks of layout (two spaces, a tab, CR, NBSP, FF, VT, three line breaks, a space at a line's edge)
    is taken as laid out already and only trimmed."""
    marks = ("  ", "\t", "\r", "\xa0", "\n\n\n", " \n", "\n ", "\f", "\v")
    if not any(mark in text for mark in marks):
        return text.strip()
    lines: list[str] = []
    for line in text.split("\n"):
        clean = " ".join(line.split())
        if clean or (lines and lines[-1]):
            lines.append(clean)
    return "\n".join(lines).strip()


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab \t\n\r\x0b\x0c\x1c\x85\xa0\u2009\u2028\u3000.")), max_size=60)
)
def test_tidy_keeps_words_and_lines_as_the_rule_says(text: str) -> None:
    assert tidy(text) == _tidy_by_the_rule(text)


def test_tidy_on_html_layout() -> None:
    assert tidy("  Vi söker\xa0 dig \n\n \n\t GMP \r\n\nQA  ") == "Vi söker dig\n\nGMP\n\nQA"


def test_dates() -> None:
    assert parse_date("2019-03-13T00:00:00", field="d") == dt.date(2019, 3, 13)
    assert parse_date("2019-08-23 00:00:00", field="d") == dt.date(2019, 8, 23)
    assert parse_date(1566554294366, field="d") == dt.date(2019, 8, 23)
    assert parse_date(None, field="d") is None
    for impossible in ("2021-02-30", "1066-10-14", "not a date", "3021-01-01"):
        with pytest.raises(MalformedRecord) as exc:
            parse_date(impossible, field="publication_date")
        assert exc.value.reason == "impossible-date"
        assert "publication_date" in exc.value.detail


def test_positions_and_countries() -> None:
    assert [parse_positions(v) for v in (None, "", "3", 2, "x", 0)] == [1, 1, 3, 2, 1, 1]
    assert [country_code(v) for v in ("Sverige", "NORGE", "Danmark", "fi", None)] == [
        "SE",
        "NO",
        "DK",
        "FI",
        "",
    ]
