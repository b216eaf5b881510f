"""Turn lexicon terms (as written in YAML) into matcher patterns with the house matching rules."""

from __future__ import annotations

from kartlagg.ads.classify.matcher import Pattern

PREFIX_MIN_CHARS = 5  # shorter caseless terms match whole words only ("feed" must not find "feedback")


def looks_like_abbreviation(text: str) -> bool:
    """ "QA", "CAR-T", "iPSC", "EU GMP", "5G" are case-sensitive; "Good Manufacturing Practice" is not."""
    if text.islower():  # most lexicon labels (44,000 skills are checked at every start): no capital at all
        return False
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    letters = upper + lower
    if upper >= 2 and upper >= lower:
        return True
    return 0 < letters <= 3 and lower == 0


def term_pattern(text: str, *, case_sensitive: bool = False) -> Pattern:
    text = text.strip()
    sensitive = case_sensitive or looks_like_abbreviation(text)
    prefix = not sensitive and len(text) >= PREFIX_MIN_CHARS
    return Pattern(text=text, case_sensitive=sensitive, prefix=prefix)
