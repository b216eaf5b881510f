"""classifier.yaml is validated whole; both matcher back ends find exactly the same hits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kartlagg.ads.classify.classifier import Classifier
from kartlagg.ads.classify.config import ClassifierConfigError, config_path, load_classifier_spec
from kartlagg.ads.classify.lexicon import looks_like_abbreviation, term_pattern
from kartlagg.ads.classify.matcher import Matcher, Pattern, TextViews

DEVSET = Path(__file__).resolve().parents[3] / "data" / "devset"


def test_bundled_config_loads_with_a_stable_hash() -> None:
    spec, digest = load_classifier_spec(config_path("atmp"))
    assert len(digest) == 12
    assert {s.klass for s in spec.signals} == {"atmp", "related"}
    assert Classifier.from_domain("atmp").model_version.split("-")[3] == digest


def test_bad_config_names_the_file_and_field(tmp_path: Path) -> None:
    text = config_path("atmp").read_text(encoding="utf-8")
    path = tmp_path / "classifier.yaml"
    path.write_text(text.replace("    class: atmp\n", "    class: maybe\n", 1), encoding="utf-8")
    with pytest.raises(ClassifierConfigError) as info:
        load_classifier_spec(path)
    assert str(path) in str(info.value)
    assert "signals.0.class" in str(info.value)


def test_unknown_context_group_is_refused(tmp_path: Path) -> None:
    text = config_path("atmp").read_text(encoding="utf-8")
    path = tmp_path / "classifier.yaml"
    path.write_text(text.replace("requires: [bio]\n", "requires: [biology]\n", 1), encoding="utf-8")
    with pytest.raises(ClassifierConfigError, match="unknown context group 'biology'"):
        load_classifier_spec(path)


@pytest.mark.parametrize(
    ("term", "abbreviation"),
    [
        ("QA", True),
        ("CAR-T", True),
        ("iPSC", True),
        ("EU GMP", True),
        ("5G", True),
        ("Cas9", False),
        ("feed", False),
    ],
)
def test_abbreviations_are_case_sensitive(term: str, abbreviation: bool) -> None:
    assert looks_like_abbreviation(term) is abbreviation


def test_word_boundaries() -> None:
    patterns = [
        term_pattern("cellterapi"),
        term_pattern("QA"),
        term_pattern("feed"),
        term_pattern("vävnadsteknik"),
    ]
    matcher = Matcher(patterns)
    text = "Cellterapienheten, QAs och QA-arbete men inte QAT eller feedback; feed. Vävnadsteknik!"
    found = [(patterns[h.pattern].text, text[h.start : h.end]) for h in matcher.find(text)]
    assert found == [
        ("cellterapi", "Cellterapi"),
        ("QA", "QA"),
        ("QA", "QA"),
        ("feed", "feed"),
        ("vävnadsteknik", "Vävnadsteknik"),
    ]


def test_hyperscan_and_ahocorasick_agree_on_the_devset() -> None:
    classifier = Classifier.from_domain("atmp")
    patterns: list[Pattern] = list(classifier._signals.patterns) + list(classifier._contexts.patterns)
    fast, fallback = Matcher(patterns, backend="hyperscan"), Matcher(patterns, backend="ahocorasick")
    with (DEVSET / "ads.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            ad = json.loads(line)
            text = f"{ad['headline']}\n{ad['description']['text']}"
            assert fast.find(text) == fallback.find(text), ad["id"]


_PIECES = ["CAR-T", "car t", "QA", "qa", "feed", "feeds", "feedS", "C++", "c++11", "Vävnad", "VÄVNAD", "x",
           "_", "cell", "T-cell", "T–cell", "GMP:", "(GMP)", "–", "•", "é", "ß", "İ", "\u212a", "CAR\u2011T",
           "T\u00a0cell", "Æ", "ø"]  # fmt: skip
_TERMS = ["CAR-T", "qa", "feed", "C++", "vävnad", "cell", "T cell", "GMP", "x_y", "é", "T\u00a0cell", "æø"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
    glue=st.lists(
        st.sampled_from([" ", "", "-", "\n", ", ", "s ", "–", "\u00a0", "\u2011"]), min_size=12, max_size=12
    ),
    terms=st.lists(
        st.tuples(st.sampled_from(_TERMS), st.booleans(), st.booleans()), min_size=1, max_size=6, unique=True
    ),
)
def test_both_back_ends_find_exactly_the_same_hits(
    words: list[str], glue: list[str], terms: list[tuple[str, bool, bool]]
) -> None:
    """Raw hyperscan hits checked in Python, and boundary keys over a word view (hyperscan or
    pyahocorasick): the same rules, the same hits."""
    text = "".join(w + g for w, g in zip(words, glue, strict=False))
    patterns = [Pattern(t, case_sensitive=cs, prefix=prefix) for t, cs, prefix in terms]
    expected = Matcher(patterns, backend="hyperscan").find(text)
    assert Matcher(patterns, backend="ahocorasick").find(text) == expected
    assert Matcher(patterns, backend="hyperscan-view").find(text) == expected


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join), max_size=6),
    terms=st.lists(
        st.tuples(st.sampled_from(_TERMS), st.booleans(), st.booleans()), min_size=1, max_size=6, unique=True
    ),
)
def test_one_scan_of_a_batch_says_maybe_for_every_text_with_a_hit(
    texts: list[str], terms: list[tuple[str, bool, bool]]
) -> None:
    """The classifier skips a text that `may_find` rules out, so it must never rule out a text in which
    `find` finds something, whatever the texts beside it (a hit must not leak into the next one either)."""
    matcher = Matcher([Pattern(t, case_sensitive=cs, prefix=prefix) for t, cs, prefix in terms], "hyperscan")
    maybe = matcher.may_find([text.encode() for text in texts]).tolist()
    assert len(maybe) == len(texts)
    assert all(maybe[i] for i, text in enumerate(texts) if matcher.find(text))
    # A raw hit and nothing else flags a text: texts with no raw hit at all stay ruled out.
    assert maybe == [bool(matcher._raw_hyperscan(text, None)) for text in texts]


def test_typographic_dashes_and_spaces_match_their_plain_forms() -> None:
    patterns = [term_pattern("CAR-T"), term_pattern("EU GMP"), term_pattern("viral vector")]
    text = "CAR\u2011T och CAR\u2013T, EU\u00a0GMP, viral\u202fvector; CAR T och CART"
    for backend in ("hyperscan", "hyperscan-view", "ahocorasick"):
        found = [text[h.start : h.end] for h in Matcher(patterns, backend=backend).find(text)]
        assert found == ["CAR\u2011T", "CAR\u2013T", "EU\u00a0GMP", "viral\u202fvector"], backend


def test_word_views_blank_non_word_characters_and_lower_case_in_place() -> None:
    views = TextViews("Å–b\u00a0C_d İx \u212a9")
    assert views.cased.decode() == " Å b C_d İx \u212a9 "
    # "İ" and the Kelvin sign lower-case to another length: kept as written, so byte offsets agree.
    assert views.lowered.decode() == " å b c_d İx \u212a9 "
    assert len(views.lowered) == len(views.cased)
    assert views.char_offsets([0, 3, 4]) == [0, 2, 3]  # "Å" is two bytes, one character
    assert not views.latin1  # "İ" and the Kelvin sign are letters beyond Latin-1


def test_latin1_views_are_one_byte_a_character() -> None:
    """Nordic text whose only characters beyond Latin-1 are marks ("–", "•", "🧬") has Latin-1 views:
    the marks blank, the letters lower-cased as in the UTF-8 views, and byte offsets are offsets."""
    text = "Ärlig–Ö\u00a0båt • ÆØ_9 🧬 É"
    views = TextViews(text)
    assert views.latin1
    assert views.cased.decode("latin-1") == " Ärlig Ö båt   ÆØ_9   É "
    assert views.lowered.decode("latin-1") == " ärlig ö båt   æø_9   é "
    assert views.lowered_text == " ärlig ö båt   æø_9   é "
    assert views.char_offsets([1, 7, 26]) == [1, 7, 26]
    assert len(views.cased) == len(text) + 2


@pytest.mark.parametrize(
    ("text", "case_sensitive", "typographic", "expression"),
    [
        ("GMP", True, False, rb"GMP"),
        (" feed ", True, False, rb"\x{20}feed\x{20}"),
        ("C++ (QA)", False, False, rb"C\x{2b}\x{2b}\x{20}\x{28}QA\x{29}"),
        ("Är", False, False, "(?:ä|Ä)r".encode()),  # a caseless Nordic letter in both cases
        ("Är", True, False, rb"\x{c4}r"),
        ("CAR‑T cell", True, True, rb"CAR[\x{2d}\x{2010}\x{2011}\x{2012}\x{2013}\x{2014}\x{2212}]T"
         rb"[\x{20}\x{a0}\x{2007}\x{2009}\x{202f}]cell"),
    ],
)  # fmt: skip
def test_hyperscan_expressions_spell_every_character_literally(
    text: str, case_sensitive: bool, typographic: bool, expression: bytes
) -> None:
    from kartlagg.ads.classify.matcher import _hs_expression

    pattern = Pattern(text, case_sensitive=case_sensitive)
    assert _hs_expression(pattern, typographic=typographic) == expression
