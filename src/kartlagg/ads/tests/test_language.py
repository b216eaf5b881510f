from __future__ import annotations

import sys

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.ads.language import detect_language, detect_languages, split_words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi söker en erfaren medarbetare till vår avdelning och du kommer att arbeta med oss", "sv"),
        ("We are looking for an experienced engineer to join our team and you will work with", "en"),
        ("Vi søger en erfaren medarbejder til vores afdeling og du vil arbejde med os af", "da"),
        ("Vi søker etter en erfaren medarbeider til vår avdeling og du vil jobbe med oss av", "no"),
        ("Haemme kokeneen työntekijän ja sinä olet meidän tiimissä että", "fi"),
        ("GMP", ""),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


# ---- language detection, stated plainly ---------------------------------------------------------------
def _language_by_the_rule(text: str) -> str:
    """The rule detect_language implements, one word at a time: each word of the first 400 characters
    (lower-cased) votes for the languages whose function-word list holds it, as written or without one
    trailing punctuation mark; at least two votes are needed; Danish and Norwegian are told apart by
    Swedish letters, then by the words only one of them uses."""
    from kartlagg.ads.language import _DA_ONLY, _FUNCTION_WORDS, _NO_ONLY

    head = text[:400]
    votes = dict.fromkeys(_FUNCTION_WORDS, 0)
    danish = 0
    for word in head.lower().split():
        if not any(word in words for words in (*_FUNCTION_WORDS.values(), _DA_ONLY, _NO_ONLY)):
            word = word[:-1] if word[-1:] and word[-1] in ",.;:!?)»\"'" else word
        for lang, words in _FUNCTION_WORDS.items():
            votes[lang] += word in words
        danish += (word in _DA_ONLY) - (word in _NO_ONLY)
    best = max(votes, key=lambda lang: votes[lang])  # the first of equals, in the lists' order
    if votes[best] < 2:
        return ""
    if best in ("da", "no"):
        if "ä" in head or "ö" in head:
            return "sv"
        if danish:
            return "da" if danish > 0 else "no"
    return best


_VOCABULARY = sorted({"och", "og", "the", "and", "af", "av", "meg", "mig", "ja", "und", "är", "på", "vores",
                      "vår", "er", "ist", "GMP", "cell", "Och", "ÄR", "vi", "du", "ä", "ö"})  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(
        st.tuples(st.sampled_from(_VOCABULARY), st.sampled_from(["", ",", ".", ").", "'", "(", "!?"])),
        max_size=120,
    ),
    glue=st.sampled_from([" ", "\n", "  ", "\t"]),
)
def test_language_detection_counts_every_word_as_the_rule_says(
    words: list[tuple[str, str]], glue: str
) -> None:
    text = glue.join(
        f"{'(' if mark == '(' else ''}{word}{'' if mark == '(' else mark}" for word, mark in words
    )
    assert detect_language(text) == _language_by_the_rule(text)


# Words as str.split() finds them, with Unicode spaces between, some capitals beyond ASCII ("ÄR", the
# Turkish "İ" that str.lower() turns into two characters) and texts long enough to cross the sample.
_GLUE = [" ", "\n", "\xa0", "\u2003", "\x1c", "\x85", "\u3000", "\t\t"]
_WORDS = [*_VOCABULARY, "İNTE", "inte", "ınte", "ΑΣ", "aß", "ÅR", "Å"]


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=260).map(
            lambda pairs: "".join(word + glue for word, glue in pairs)
        ),
        max_size=6,
    )
)
def test_a_block_of_texts_gets_each_texts_own_language_by_the_rule(texts: list[str]) -> None:
    assert detect_languages(texts) == [_language_by_the_rule(text) for text in texts]
    assert detect_languages(pa.array(texts, pa.string())) == detect_languages(texts)
    halves = pa.chunked_array([texts[:2], texts[2:]], pa.string())  # a block too large for one array
    assert detect_languages(halves) == detect_languages(texts)


def test_words_are_split_at_the_same_whitespace_as_python_splits_them() -> None:
    """Every character of Unicode between two letters, and every one up to U+3000 at either end of a
    text (where Arrow's own Unicode split went wrong), gives the words str.split() gives."""
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    between = " ".join(f"a{ch}b" for ch in characters)
    ends = [text for ch in characters[:0x3001] for text in (f"ab{ch}", f"{ch}ab", ch)]
    texts = [between, *ends]
    found = [[word for word in words if word] for words in split_words(pa.array(texts)).to_pylist()]
    assert found == [text.split() for text in texts]


def test_an_empty_block_and_empty_texts() -> None:
    assert detect_languages([]) == []
    assert detect_languages(["", " ", "och"]) == ["", "", ""]
