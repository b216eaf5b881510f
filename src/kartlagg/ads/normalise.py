"""Turn raw source values into the normalised AdRecord fields: plain text, dates, countries, numbers
(the language is detected in `language.py`).

Everything here runs once per ad on the hot path, so it is built from C-speed primitives (str methods,
one compiled regex pass, set lookups) rather than an HTML parser or a language model.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from kartlagg.ads.exceptions import MalformedRecord

# Tags that end a line of text; all other tags vanish. Comments, <script> and <style> bodies are dropped.
_DROP_BLOCKS = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<[/!?][^>]*>")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
    ]
)


def _tag_replacement(match: re.Match[str]) -> str:
    name = match.group(2)
    if name and name.lower() in _BLOCK_TAGS:
        return "\n"
    return " " if name else ""


def strip_html(value: str) -> str:
    """Plain text from an ad body that may be HTML: tags removed, entities decoded, whitespace tidied.

    Paragraph-like tags become line breaks so that sentences stay apart for the evidence view. Text
    without tags is only trimmed: sources publish it laid out already, and re-flowing every ad's
    whitespace would cost more than parsing it (~100 µs per ad).
    """
    if "<" in value and _TAG.search(value):
        value = _DROP_BLOCKS.sub(" ", value)
        value = _TAG.sub(_tag_replacement, value)
        if "&" in value:
            value = html.unescape(value)
        return tidy(value)
    if "&" in value and ";" in value:
        value = html.unescape(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def tidy(value: str) -> str:
    """Collapse runs of spaces, keep at most one blank line, trim each end.

    Substring tests run at memory speed, so text that is already tidy (most of it) costs next to
    nothing; otherwise str.split/join per line, several times faster than a regex substitution."""
    if not any(mark in value for mark in ("  ", "\t", "\r", "\xa0", "\n\n\n", " \n", "\n ", "\f", "\v")):
        return value.strip()
    lines: list[str] = []
    blank = False
    for line in value.replace("\xa0", " ").split("\n"):
        clean = " ".join(line.split())
        if clean:
            lines.append(clean)
            blank = False
        elif not blank and lines:
            lines.append("")
            blank = True
    return "\n".join(lines).strip()


# Plausible publication dates. Online job boards start in the 1990s; a date more than two years ahead
# is a typing error, not a plan.
EARLIEST_DATE = dt.date(1990, 1, 1)
_LATEST_YEARS_AHEAD = 2
_PLAUSIBLE_AT_IMPORT = dt.date.today().year + _LATEST_YEARS_AHEAD


def parse_date(value: object, *, field: str) -> dt.date | None:
    """A date from ISO text ('2019-03-13', '2019-03-13T00:00:00', '2019-08-23 00:00:00'), epoch
    milliseconds, or nothing. An impossible date (30 February, year 1066) raises MalformedRecord."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            date = dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError) as exc:
            raise MalformedRecord("impossible-date", f"{field}={value!r}") from exc
    elif isinstance(value, str):
        text = value.strip()
        try:
            date = dt.date.fromisoformat(text[:10])
        except ValueError as exc:
            raise MalformedRecord("impossible-date", f"{field}={value!r}") from exc
    else:
        raise MalformedRecord("impossible-date", f"{field}={value!r}")
    # Years never run backwards: a year plausible when this module was loaded still is, and only a later
    # one asks the clock (dt.date.today() costs more than the rest of this function).
    if date < EARLIEST_DATE or (
        date.year > _PLAUSIBLE_AT_IMPORT and date.year > dt.date.today().year + _LATEST_YEARS_AHEAD
    ):
        raise MalformedRecord("impossible-date", f"{field}={value!r} (outside {EARLIEST_DATE.year}…)")
    return date


def parse_positions(value: object) -> int:
    """Number of positions; missing or unreadable means one (an ad is at least one job)."""
    if value is None or value == "":
        return 1
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1
    return number if number > 0 else 1


_COUNTRY_NAMES = {
    "sverige": "SE", "sweden": "SE", "se": "SE",
    "norge": "NO", "norway": "NO", "noreg": "NO", "no": "NO",
    "danmark": "DK", "denmark": "DK", "dk": "DK",
    "suomi": "FI", "finland": "FI", "fi": "FI",
    "ísland": "IS", "island": "IS", "iceland": "IS", "is": "IS",
    "deutschland": "DE", "germany": "DE", "tyskland": "DE", "de": "DE",
}  # fmt: skip


def country_code(value: object, default: str = "") -> str:
    """ISO 3166-1 alpha-2 from a country name or code in any Nordic language; unknown names kept as given."""
    if not value:
        return default
    text = str(value).strip()
    return _COUNTRY_NAMES.get(text.lower(), text.upper() if len(text) == 2 else text)
