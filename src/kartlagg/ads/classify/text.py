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
    left = start
    while left > 0 and text[left - 1] not in SENTENCE_ENDS and start - left < MAX_SENTENCE_CHARS // 2:
        left -= 1
    right = end
    n = len(text)
    while right < n and text[right] not in SENTENCE_ENDS and right - end < MAX_SENTENCE_CHARS // 2:
        right += 1
    if right < n and text[right] in ".!?":
        right += 1
    return " ".join(text[left:right].split())
