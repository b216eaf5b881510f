"""Small text helpers shared by the classifier and the skill extractor.

Evidence offsets point into the ad's headline, a newline and its text."""

from __future__ import annotations

import bisect
import functools
import re

SENTENCE_ENDS = ".!?\n•·;"
MAX_SENTENCE_CHARS = 320
_ENDS = re.compile("[" + re.escape(SENTENCE_ENDS) + "]")


@functools.lru_cache(maxsize=8)
def _boundaries(text: str) -> list[int]:
    """Offsets of every sentence end mark; computed once per text (evidence asks many times)."""
    return [m.start() for m in _ENDS.finditer(text)]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or list line) holding ``text[start:end]``, trimmed to a readable length."""
    half = MAX_SENTENCE_CHARS // 2
    marks = _boundaries(text)
    before = bisect.bisect_left(marks, start)
    left = marks[before - 1] + 1 if before else 0
    left = max(left, start - half, 0)
    after = bisect.bisect_left(marks, end)
    right = marks[after] if after < len(marks) else len(text)
    right = min(right, end + half, len(text))
    if right < len(text) and text[right] in ".!?":
        right += 1
    return " ".join(text[left:right].split())
