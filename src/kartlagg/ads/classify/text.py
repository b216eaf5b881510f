"""Small text helpers shared by the matcher, the classifier and the skill extractor.

Evidence offsets point into the ad's headline, a newline and its text."""

from __future__ import annotations

import re

SENTENCE_ENDS = ".!?\n•·;"
MAX_SENTENCE_CHARS = 320
_ENDS = re.compile("[" + re.escape(SENTENCE_ENDS) + "]")
_LAST_END = re.compile(".*[" + re.escape(SENTENCE_ENDS) + "]", re.DOTALL)  # greedy: up to the last mark

# Dashes, hyphens and spaces that word processors put into ads, each with its plain ASCII form. The
# matcher reads them as that form ("CAR‑T" with a non-breaking hyphen is "CAR-T"); evidence quotes the
# ad as written.
PLAIN_CHARACTERS = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
}
# A regex substitution: str.translate with a dict runs in Python per character, 50x slower.
_TYPOGRAPHIC = re.compile("[" + "".join(PLAIN_CHARACTERS) + "]")


def _plain_character(match: re.Match[str]) -> str:
    return PLAIN_CHARACTERS[match.group()]


def plain(text: str) -> str:
    """The text with typographic dashes and spaces made plain; one character for one, same offsets."""
    if text.isascii():
        return text
    return _TYPOGRAPHIC.sub(_plain_character, text)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or list line) holding ``text[start:end]``, trimmed to a readable length.

    Only the MAX_SENTENCE_CHARS around the span are searched for the sentence's end marks: a mark
    further away would be cut off by the length limit anyway, and an ad's whole text is long."""
    half = MAX_SENTENCE_CHARS // 2
    low = max(start - half, 0)
    before = _LAST_END.match(text, low, start)
    left = before.end() if before else low
    high = min(end + half, len(text))
    after = _ENDS.search(text, end, high)
    right = after.start() if after else high
    if right < len(text) and text[right] in ".!?":
        right += 1
    return " ".join(text[left:right].split())
