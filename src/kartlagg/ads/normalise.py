"""Turn raw source values into the normalised AdRecord fields: plain text, dates, language, numbers.

Everything here runs once per ad on the hot path, so it is built from C-speed primitives (str methods,
one compiled regex pass, set lookups) rather than an HTML parser or a language model.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import struct
from itertools import repeat

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


# Language detection by function words. Each list holds frequent words that are rare in the other
# Nordic languages; the first ~1,500 characters of an ad settle it. A model (fastText, lingua) would
# cost 100x the time per ad and adds nothing for telling these six languages apart in job-ad prose.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "sv": frozenset(
        [
            "och",
            "att",
            "det",
            "som",
            "för",
            "med",
            "är",
            "på",
            "av",
            "till",
            "inte",
            "har",
            "vi",
            "du",
            "dig",
            "oss",
            "vår",
            "våra",
            "ett",
            "kommer",
            "din",
            "ditt",
            "eller",
            "också",
            "hos",
            "efter",
            "arbeta",
            "arbetet",
            "tjänsten",
            "söker",
            "erfarenhet",
            "kunskaper",
            "inom",
            "vill",
            "kan",
            "ska",
            "även",
            "samt",
            "mycket",
            "bra",
            "sig",
        ]
    ),
    "da": frozenset(
        [
            "og",
            "af",
            "det",
            "at",
            "er",
            "til",
            "med",
            "på",
            "for",
            "ikke",
            "vi",
            "du",
            "dig",
            "os",
            "vores",
            "har",
            "som",
            "en",
            "et",
            "jer",
            "mig",
            "sig",
            "efter",
            "blive",
            "også",
            "hvad",
            "nogle",
            "meget",
            "arbejde",
            "arbejdet",
            "stillingen",
            "søger",
            "erfaring",
            "kendskab",
            "skal",
            "vil",
            "kan",
            "samt",
            "hos",
            "gerne",
        ]
    ),
    "no": frozenset(
        [
            "og",
            "av",
            "det",
            "at",
            "er",
            "til",
            "med",
            "på",
            "for",
            "ikke",
            "vi",
            "du",
            "deg",
            "oss",
            "vår",
            "våre",
            "har",
            "som",
            "en",
            "et",
            "meg",
            "seg",
            "etter",
            "bli",
            "også",
            "hva",
            "noen",
            "mye",
            "arbeid",
            "arbeidet",
            "stillingen",
            "søker",
            "erfaring",
            "kjennskap",
            "skal",
            "vil",
            "kan",
            "samt",
            "hos",
            "gjerne",
        ]
    ),
    "fi": frozenset(
        [
            "ja",
            "on",
            "että",
            "olla",
            "tai",
            "kanssa",
            "sekä",
            "työ",
            "meidän",
            "voit",
            "sinä",
            "me",
            "hakemus",
            "yritys",
            "työtä",
            "tehtävä",
            "tehtävään",
            "kokemusta",
            "osaamista",
            "haemme",
            "tarjoamme",
            "myös",
            "ei",
            "joka",
            "jossa",
            "olet",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "for",
            "with",
            "is",
            "you",
            "we",
            "our",
            "are",
            "will",
            "a",
            "an",
            "be",
            "your",
            "as",
            "on",
            "this",
            "that",
            "have",
            "who",
            "work",
            "experience",
            "skills",
            "team",
            "role",
        ]
    ),
    "de": frozenset(
        [
            "und",
            "der",
            "die",
            "das",
            "mit",
            "für",
            "ist",
            "sie",
            "wir",
            "ein",
            "eine",
            "zu",
            "von",
            "auf",
            "im",
            "den",
            "nicht",
            "als",
            "auch",
            "bei",
            "erfahrung",
        ]
    ),
}
# Words that decide between Danish and Norwegian (Bokmål) when the shared ones tie.
_DA_ONLY = frozenset(
    [
        "af",
        "mig",
        "dig",
        "os",
        "sig",
        "efter",
        "blive",
        "hvad",
        "nogle",
        "meget",
        "arbejde",
        "vores",
        "jer",
        "kendskab",
    ]
)
_NO_ONLY = frozenset(
    [
        "av",
        "meg",
        "deg",
        "oss",
        "seg",
        "etter",
        "bli",
        "hva",
        "noen",
        "mye",
        "arbeid",
        "vår",
        "våre",
        "kjennskap",
    ]
)
_LANGS = tuple(_FUNCTION_WORDS)
# Each word's votes packed into one integer, so that an ad's tally is one C-level `sum(map(...))` instead
# of a Python loop over its words (≈4 µs an ad instead of ≈14): lane i (16 bits each) counts votes for
# _LANGS[i]; the two lanes after them count the Danish-only and the Norwegian-only words. 16 bits hold
# any count for samples up to 130,000 characters (at most one word per two characters).
_LANE_BITS = 16
_DA_LANE, _NO_LANE = len(_LANGS), len(_LANGS) + 1
_LANE_BYTES = (_NO_LANE + 1) * _LANE_BITS // 8
_UNPACK_LANES = struct.Struct(f"<{_NO_LANE + 1}H").unpack


def _packed_vote(word: str) -> int:
    lanes = [i for i, lang in enumerate(_LANGS) if word in _FUNCTION_WORDS[lang]]
    lanes += [_DA_LANE] if word in _DA_ONLY else []
    lanes += [_NO_LANE] if word in _NO_ONLY else []
    return sum(1 << (_LANE_BITS * lane) for lane in lanes)


_TRAILING = ",.;:!?)»\"'"
# A word votes as written or, failing that, without one trailing punctuation mark ("och," is "och"):
# both spellings are keys here, so one lookup per word decides, exactly as the two-step lookup did.
_VOTES: dict[str, int] = {}
for _word in set().union(*_FUNCTION_WORDS.values(), _DA_ONLY, _NO_ONLY):
    _vote = _packed_vote(_word)
    _VOTES.update({_word + _mark: _vote for _mark in _TRAILING})
    _VOTES[_word] = _vote


def detect_language(text: str, *, sample: int = 400) -> str:
    """ISO 639-1 code of the ad's language (sv, da, no, fi, en, de), or '' when the text is too short."""
    head = text[:sample]
    tally = sum(map(_VOTES.get, head.lower().split(), repeat(0)))
    if not tally:
        return ""
    # All lanes unpacked by one C call: shifting and masking each lane in Python cost more than the tally.
    lanes = _UNPACK_LANES(tally.to_bytes(_LANE_BYTES, "little"))
    hits = lanes[: len(_LANGS)]
    best_hits = max(hits)
    if best_hits < 2:
        return ""
    best = _LANGS[hits.index(best_hits)]
    if best in ("da", "no"):
        if "ä" in head or "ö" in head:
            return "sv"
        tie_break = lanes[_DA_LANE] - lanes[_NO_LANE]
        if tie_break:
            best = "da" if tie_break > 0 else "no"
    return best


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
