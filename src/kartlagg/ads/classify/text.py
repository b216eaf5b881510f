"""Small text helpers shared by the classifier and the skill extractor."""

from __future__ import annotations

from kartlagg.ads.record import AdRecord

SENTENCE_ENDS = ".!?\n•·;"
MAX_SENTENCE_CHARS = 320


def ad_text(ad: AdRecord) -> str:
    """What every evidence offset points into: headline, a newline, the plain text."""
    return f"{ad.headline}\n{ad.text}"


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or list line) holding ``text[start:end]``, trimmed to a readable length."""
    half = MAX_SENTENCE_CHARS // 2
    low = max(0, start - half)
    left = max(text.rfind(mark, low, start) for mark in SENTENCE_ENDS) + 1
    left = max(left, low)
    high = min(len(text), end + half)
    found = [pos for pos in (text.find(mark, end, high) for mark in SENTENCE_ENDS) if pos >= 0]
    right = min(found) if found else high
    if right < len(text) and text[right] in ".!?":
        right += 1
    return " ".join(text[left:right].split())
