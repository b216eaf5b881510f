"""The language of ad texts (sv, da, no, fi, en, de) from the function words of their first 400 characters.

Each list holds frequent words that are rare in the other Nordic languages; the opening of an ad settles
it. A model (fastText, lingua) would cost 100x the time per ad and adds nothing for telling these six
languages apart in job-ad prose.

The rule: each word of the first 400 characters, lower-cased, votes for the languages whose list holds it,
as written or without one trailing punctuation mark; the language with most votes wins (the first in
list order among equals) if it has two at least; Danish and Norwegian, when they win, are told apart
by Swedish letters (then it is Swedish), then by the words only one of them uses.

The pipeline detects a whole block at once with Arrow's string kernels (`detect_languages`): slicing,
lower-casing, splitting and looking words up run in C++ over the block's text array, and the votes add
up in numpy. Per ad in Python (split, one dict lookup per word) this cost ≈ 8 µs an ad, the largest
single step of reading a JobTech ad after the JSON decoding itself; a block costs ≈ 5.4 µs an ad.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SAMPLE = 400  # characters read from the start of each text


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "sv": _words(
        "och att det som för med är på av till inte har vi du dig oss vår våra ett kommer din ditt "
        "eller också hos efter arbeta arbetet tjänsten söker erfarenhet kunskaper inom vill kan ska "
        "även samt mycket bra sig"
    ),
    "da": _words(
        "og af det at er til med på for ikke vi du dig os vores har som en et jer mig sig efter blive "
        "også hvad nogle meget arbejde arbejdet stillingen søger erfaring kendskab skal vil kan samt "
        "hos gerne"
    ),
    "no": _words(
        "og av det at er til med på for ikke vi du deg oss vår våre har som en et meg seg etter bli "
        "også hva noen mye arbeid arbeidet stillingen søker erfaring kjennskap skal vil kan samt hos "
        "gjerne"
    ),
    "fi": _words(
        "ja on että olla tai kanssa sekä työ meidän voit sinä me hakemus yritys työtä tehtävä "
        "tehtävään kokemusta osaamista haemme tarjoamme myös ei joka jossa olet"
    ),
    "en": _words(
        "the and of to in for with is you we our are will a an be your as on this that have who work "
        "experience skills team role"
    ),
    "de": _words(
        "und der die das mit für ist sie wir ein eine zu von auf im den nicht als auch bei erfahrung"
    ),
}
# Words that decide between Danish and Norwegian (Bokmål) when the shared ones tie.
_DA_ONLY = _words("af mig dig os sig efter blive hvad nogle meget arbejde vores jer kendskab")
_NO_ONLY = _words("av meg deg oss seg etter bli hva noen mye arbeid vår våre kjennskap")
_LANGS = tuple(_FUNCTION_WORDS)
_TRAILING = ",.;:!?)»\"'"
# Each word's votes packed into one 64-bit integer of 8-bit lanes: lane i counts votes for _LANGS[i], the
# two lanes after them the Danish-only and the Norwegian-only words. A text's tally is then one sum, and a
# block's one cumulative sum. 8 bits hold any count: SAMPLE characters hold at most SAMPLE / 2 words.
_DA_LANE, _NO_LANE = len(_LANGS), len(_LANGS) + 1
assert _NO_LANE < 8 and SAMPLE // 2 < 256


def _packed_vote(word: str) -> int:
    lanes = [i for i, lang in enumerate(_LANGS) if word in _FUNCTION_WORDS[lang]]
    lanes += [_DA_LANE] if word in _DA_ONLY else []
    lanes += [_NO_LANE] if word in _NO_ONLY else []
    return sum(1 << (8 * lane) for lane in lanes)


def _vote_table() -> tuple[pa.Array, np.ndarray]:
    """Every word that votes, as written and with each trailing mark ("och," is "och"), and its packed
    votes; one more slot, zero, for every other word."""
    votes: dict[str, int] = {}
    for word in sorted(set().union(*_FUNCTION_WORDS.values(), _DA_ONLY, _NO_ONLY)):
        vote = _packed_vote(word)
        votes[word] = vote
        votes.update({word + mark: vote for mark in _TRAILING})
    return pa.array(list(votes), pa.string()), np.array([*votes.values(), 0], dtype=np.uint64)


_VOTE_WORDS, _VOTE_VALUES = _vote_table()
_NO_VOTE = len(_VOTE_WORDS)
_OUTCOMES = np.array([*_LANGS, ""], dtype=object)
_DA, _NO, _SV, _UNDECIDED = _LANGS.index("da"), _LANGS.index("no"), _LANGS.index("sv"), len(_LANGS)


# Whitespace to str.split() beyond ASCII's: a space for the split below.
# (None lies beyond U+3000; the tests check every character.)
_UNICODE_SPACE = "[{}]".format(
    "".join(f"\\x{{{code:x}}}" for code in range(0x80, 0x3001) if chr(code).isspace()) + "\\x{1c}-\\x{1f}"
)


def split_words(texts: pa.Array | pa.ChunkedArray) -> pa.ListArray:
    """Each text's words as str.split() finds them, give or take empty strings. Arrow's own Unicode split
    (pyarrow 26) misreads runs of spaces at the end of a string, differently from run to run (it once
    split "\\u202f \\u200a\\u3000\\u2005\\x1f" into "" and "\\x1f"): Unicode spaces become ASCII ones
    first, and the ASCII split takes it from there."""
    spaced = pc.replace_substring_regex(texts, _UNICODE_SPACE, " ")
    words = pc.ascii_split_whitespace(spaced)
    return words.combine_chunks() if isinstance(words, pa.ChunkedArray) else words


def detect_languages(texts: pa.Array | pa.ChunkedArray | Sequence[str]) -> list[str]:
    """The language of each text by the rule above ('' when fewer than two words vote)."""
    array = texts if isinstance(texts, pa.Array | pa.ChunkedArray) else pa.array(texts, pa.string())
    if len(array) == 0:
        return []
    head = pc.utf8_slice_codeunits(array, 0, SAMPLE)  # code points, as str slicing counts
    # str.lower() turns "İ" into "i" + a combining dot, Arrow into a bare "i": spell it Python's way, so
    # that "İNTE" is no vote here either.
    lowered = pc.utf8_lower(pc.replace_substring(head, "\u0130", "i\u0307"))
    words = split_words(lowered)
    # `values` and `offsets` index each other as they are, whether or not the list array is a slice.
    found = pc.index_in(words.values, value_set=_VOTE_WORDS).fill_null(_NO_VOTE)
    votes = _VOTE_VALUES[found.to_numpy(zero_copy_only=False)]
    running = np.zeros(len(votes) + 1, dtype=np.uint64)
    np.cumsum(votes, out=running[1:])
    offsets = words.offsets.to_numpy()
    # No lane overflows, so the difference of the running sums is each text's tally, lane by lane.
    tally = (running[offsets[1:]] - running[offsets[:-1]]).view(np.uint8).reshape(-1, 8).astype(np.int16)
    hits = tally[:, : len(_LANGS)]
    best = hits.argmax(axis=1)  # the first of equals
    best[hits.max(axis=1) < 2] = _UNDECIDED
    nordic = (best == _DA) | (best == _NO)
    if nordic.any():
        swedish_letters = pc.or_(pc.match_substring(head, "ä"), pc.match_substring(head, "ö"))
        swedish_letters = np.asarray(swedish_letters.to_numpy(zero_copy_only=False), dtype=bool)
        lean = tally[:, _DA_LANE] - tally[:, _NO_LANE]
        best[nordic & (lean > 0)] = _DA
        best[nordic & (lean < 0)] = _NO
        best[nordic & swedish_letters] = _SV
    return list(_OUTCOMES[best])


def detect_language(text: str) -> str:
    """`detect_languages` of one text (the pipeline detects a block at once)."""
    return detect_languages([text])[0]
