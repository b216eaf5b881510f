"""Multi-pattern literal matching over ad text: one pass finds every lexicon and context term.

Hyperscan (Intel's regex engine, PyPI ``hyperscan``) scans ≈190 MB/s with thousands of patterns;
pyahocorasick is the fallback where no hyperscan wheel exists. Both report raw literal hits; word
boundaries are checked here in Python on the few hits an ad has, so both back ends agree exactly.

Matching rules, per pattern:
- case-insensitive patterns match any casing (non-ASCII letters included: "Vävnad" = "vävnad");
  case-sensitive ones (abbreviations such as "CAR-T", "QA") match only as written;
- the left edge must be a word boundary; the right edge must be a boundary too unless the pattern is a
  ``prefix`` pattern (Nordic compounds and inflections: "cellterapi" also finds "cellterapienheten");
- typographic dashes and spaces in the text match their plain forms ("CAR‑T" with a non-breaking hyphen
  is "CAR-T"), so callers scan the ad as written and quote it as written.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, NamedTuple

import ahocorasick
import numpy as np

from kartlagg.ads.classify.text import PLAIN_CHARACTERS, plain

_hs: ModuleType | None
try:
    import hyperscan as _hs
except ImportError:  # pragma: no cover - machines without a hyperscan wheel use pyahocorasick
    _hs = None


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str
    case_sensitive: bool = False
    prefix: bool = True  # right edge may run on into a longer word


# A view key's (pattern index, key length, left pad, term length, confirm against the text as written).
ViewEntry = tuple[int, int, int, int, bool]


class Hit(NamedTuple):
    """A named tuple, not a frozen dataclass: built for every hit, it costs a quarter as much."""

    pattern: int  # index into the pattern list
    start: int  # character offsets in the scanned text
    end: int


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _variants(plain_ch: str) -> str:
    """A class of the plain character and the typographic characters read as it."""
    chars = [plain_ch, *sorted(t for t, p in PLAIN_CHARACTERS.items() if p == plain_ch)]
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


_VARIANTS = {plain_ch: _variants(plain_ch) for plain_ch in set(PLAIN_CHARACTERS.values())}


class _Escapes(dict[int, str]):
    """What each character of a literal becomes in a hyperscan expression, filled in as characters are
    met: `str.translate` with it writes a whole key in one call (a Python loop per character took
    ≈0.4 s of every classifier build for the 47,000 keys)."""

    def __init__(self, *, caseless: bool, typographic: bool) -> None:
        super().__init__()
        self.caseless, self.typographic = caseless, typographic

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if self.typographic and ch in _VARIANTS:
            value = _VARIANTS[ch]
        elif self.caseless and not ch.isascii() and ch.upper() != ch.lower():
            value = f"(?:{ch.lower()}|{ch.upper()})"
        elif ch.isascii() and ch.isalnum():
            value = ch
        else:
            value = f"\\x{{{code:x}}}"  # every other character literally, never as regex syntax
        self[code] = value
        return value


_ESCAPES = {
    (caseless, typographic): _Escapes(caseless=caseless, typographic=typographic)
    for caseless in (False, True)
    for typographic in (False, True)
}


def _hs_expression(pattern: Pattern, *, typographic: bool = False) -> bytes:
    """An escaped literal; non-ASCII letters of caseless patterns get both cases spelled out.
    ``typographic``: a plain dash or space also matches its typographic variants (for the raw back end,
    which scans the text as written; the word views turn all of them into spaces anyway)."""
    text = plain(pattern.text) if typographic else pattern.text
    return text.translate(_ESCAPES[(not pattern.case_sensitive, typographic)]).encode("utf-8")


class Matcher:
    """Compiled once per process (compile ≈0.1-1 s for hundreds of patterns); ``find`` is thread-safe
    for hyperscan with one scratch per thread, which we do not share: use one Matcher per process."""

    def __init__(self, patterns: Sequence[Pattern], backend: str = "auto") -> None:
        if not patterns:
            raise ValueError("a Matcher needs at least one pattern")
        self.patterns = tuple(patterns)
        if backend == "auto":
            backend = "hyperscan" if _hs is not None else "ahocorasick"
        elif backend == "auto-view":
            backend = "hyperscan-view" if _hs is not None else "ahocorasick"
        self.backend = backend
        if backend == "hyperscan":
            self._compile_hyperscan()
        elif backend == "hyperscan-view":
            self._compile_hyperscan_view()
        elif backend == "ahocorasick":
            self._compile_ahocorasick()
        else:
            raise ValueError(f"unknown matcher backend {backend!r}")

    def _compile_hyperscan(self) -> None:
        assert _hs is not None
        flags = []
        for p in self.patterns:
            f = _hs.HS_FLAG_SOM_LEFTMOST | _hs.HS_FLAG_UTF8
            if not p.case_sensitive:
                f |= _hs.HS_FLAG_CASELESS
            flags.append(f)
        from kartlagg.ads.classify import hyperscan_cache

        expressions = [_hs_expression(p, typographic=True) for p in self.patterns]
        self._db = hyperscan_cache.database(expressions, flags)

    def _compile_hyperscan_view(self) -> None:
        """The word-view keys (see `_compile_ahocorasick`) in hyperscan: for long lexicons (thousands of
        skill labels) where even the raw hits hyperscan would report are too many to check one by one.
        Caseless keys are plain lower-case literals scanned over the lower-cased view (4x faster than
        hyperscan's caseless mode with the Nordic letters spelled out), case-sensitive ones over the view
        as is. Keys are literals, so a hit's start is its end minus the key's length."""
        assert _hs is not None
        from kartlagg.ads.classify import hyperscan_cache

        self._view_dbs: list[tuple[bool, Any, list[ViewEntry]]] = []
        self._latin1_view_dbs: list[tuple[bool, Any, list[ViewEntry]]] = []
        for case_sensitive in (False, True):
            keys: list[tuple[str, ViewEntry]] = [
                key_entry
                for i, p in enumerate(self.patterns)
                if p.case_sensitive == case_sensitive
                for key_entry in _view_keys(i, p)
            ]
            if not keys:
                continue
            expressions = [_hs_expression(Pattern(key, case_sensitive=True)) for key, _ in keys]
            flags = [_hs.HS_FLAG_UTF8] * len(expressions)
            database = hyperscan_cache.database(expressions, flags)
            self._view_dbs.append((case_sensitive, database, [entry for _, entry in keys]))
            # The same expressions, compiled for Latin-1 views (TextViews says when): a key with a letter
            # beyond Latin-1 cannot occur in such a text, and every byte is one character.
            latin1 = [i for i, (key, _) in enumerate(keys) if max(map(ord, key)) < 0x100]
            if latin1:
                database = hyperscan_cache.database([expressions[i] for i in latin1], [0] * len(latin1))
                self._latin1_view_dbs.append((case_sensitive, database, [keys[i][1] for i in latin1]))

    def _compile_ahocorasick(self) -> None:
        # The automaton runs over a *word view* of the text (every character that is not a word
        # character turned into a space, same length) and its keys carry the boundaries as spaces: a
        # whole-word "feed" is the key " feed ", so "feedback" never even reports a hit. Checking raw
        # hits in Python instead cost ~1 µs each, and a long lexicon has hundreds in every ad.
        # Two automatons: caseless patterns run over the lower-cased view, the others over the view as is.
        self._aho: list[tuple[bool, ahocorasick.Automaton]] = []
        for case_sensitive in (False, True):
            automaton = ahocorasick.Automaton()
            added = 0
            for i, p in enumerate(self.patterns):
                if p.case_sensitive != case_sensitive:
                    continue
                for key, entry in _view_keys(i, p):
                    existing = automaton.get(key, None)
                    automaton.add_word(key, (*existing, entry) if existing else (entry,))
                    added += 1
            if added:
                automaton.make_automaton()
                self._aho.append((case_sensitive, automaton))

    def find(self, text: str, encoded: bytes | None = None) -> list[Hit]:
        """Every boundary-valid hit, sorted by position. ``encoded``: the text in UTF-8, when the caller
        has it already (the raw hyperscan back end scans those bytes instead of encoding the text again)."""
        if self.backend == "ahocorasick":
            return self._find_ahocorasick(text)
        if self.backend == "hyperscan-view":
            return self._find_hyperscan_view(text)
        hits: list[Hit] = []
        n = len(text)
        for index, start, end in self._raw_hyperscan(text, encoded):
            if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
                continue
            pattern = self.patterns[index]
            runs_on = end < n and _is_word_char(text[end]) and _is_word_char(text[end - 1])
            # Whole-word terms may take an English plural / Nordic genitive "s" ("CROs"), nothing longer.
            plural = runs_on and text[end] == "s" and (end + 1 == n or not _is_word_char(text[end + 1]))
            if not pattern.prefix and runs_on and not plural:
                continue
            hits.append(Hit(index, start, end))
        hits.sort(key=lambda h: (h.start, -h.end, h.pattern))
        return hits

    def may_find(self, encoded: Sequence[bytes]) -> np.ndarray:
        """For each UTF-8 text, False when `find` would surely find nothing in it: one scan of the whole
        batch, where a call per text cost ≈ 1.7 µs of Python besides its scan — and nine ads in ten have no
        hit at all. A raw hit says only "maybe" (`find` then checks word boundaries). The texts are joined
        by a NUL byte, which no pattern holds, so no match can run from one text into the next. Back ends
        other than raw hyperscan say "maybe" to every text."""
        if self.backend != "hyperscan" or not encoded:
            return np.ones(len(encoded), dtype=bool)
        ends: list[int] = []
        self._db.scan(_BATCH_SEPARATOR.join(encoded), match_event_handler=_collect_end_only, context=ends)
        starts = np.cumsum([0, *(len(e) + len(_BATCH_SEPARATOR) for e in encoded[:-1])])
        flagged = np.zeros(len(encoded), dtype=bool)
        flagged[np.searchsorted(starts, np.asarray(ends, dtype=np.int64), side="right") - 1] = True
        return flagged

    def _raw_hyperscan(self, text: str, encoded: bytes | None) -> list[tuple[int, int, int]]:
        data = text.encode("utf-8") if encoded is None else encoded
        found: list[tuple[int, int, int]] = []
        self._db.scan(data, match_event_handler=_collect_span, context=found)
        if not found or len(data) == len(text):
            return found
        # Non-ASCII text: turn byte offsets into character offsets in one forward pass.
        offsets = sorted({o for _, s, e in found for o in (s, e)})
        chars: dict[int, int] = {}
        byte_pos = char_pos = 0
        for offset in offsets:
            char_pos += len(data[byte_pos:offset].decode("utf-8", "ignore"))
            byte_pos = offset
            chars[offset] = char_pos
        return [(i, chars[s], chars[e]) for i, s, e in found]

    def _find_ahocorasick(self, text: str) -> list[Hit]:
        views = text_views(text)
        ends: list[tuple[ViewEntry, int]] = []
        for case_sensitive, automaton in self._aho:
            view = views.cased_text if case_sensitive else views.lowered_text
            ends.extend((entry, last + 1) for last, entries in automaton.iter(view) for entry in entries)
        return self._view_hits(text, ends)

    def _find_hyperscan_view(self, text: str) -> list[Hit]:
        views = text_views(text)
        ends: list[tuple[ViewEntry, int]] = []
        for case_sensitive, db, entries in self._latin1_view_dbs if views.latin1 else self._view_dbs:
            keys: list[int] = []
            byte_ends: list[int] = []
            db.scan(
                views.cased if case_sensitive else views.lowered,
                match_event_handler=_collect_end,
                context=(keys, byte_ends),
            )
            if keys:
                ends.extend(zip(map(entries.__getitem__, keys), views.char_offsets(byte_ends), strict=True))
        return self._view_hits(text, ends)

    def _view_hits(self, text: str, ends: list[tuple[ViewEntry, int]]) -> list[Hit]:
        """Hits from keys matched in a view, each with the character offset where the key ended."""
        # (start, -end, pattern) sorts natively in hit order: by start, longest first.
        order: list[tuple[int, int, int]] = []
        for (index, key_length, left, length, check), end in ends:
            start = end - key_length + left - 1  # -1: the view's leading space
            stop = start + length
            if check and not self._same_literal(index, text, start, stop):
                continue
            order.append((start, -stop, index))
        order.sort()
        return [Hit(index, start, -negative_end) for start, negative_end, index in order]

    def _same_literal(self, index: int, text: str, start: int, end: int) -> bool:
        """The view blurs punctuation inside a term ("C++" is "C  "): compare those terms as written, and
        a plural "s" only as a lower-case s in the text."""
        pattern = self.patterns[index]
        found, term = plain(text[start:end]), plain(pattern.text)
        same = found == term if pattern.case_sensitive else found.lower() == term.lower()
        if not same:
            return False
        if (
            not pattern.prefix
            and end < len(text)
            and _is_word_char(text[end])
            and _is_word_char(text[end - 1])
        ):
            return text[end] == "s"
        return True


# ---- the word view used by the view back ends (hyperscan-view, pyahocorasick) ----------------------
_ASCII_NON_WORD = bytes(0x20 if (b < 0x80 and not (chr(b).isalnum() or b == 0x5F)) else b for b in range(256))


_ASCII_BYTES = bytes(range(0x80))


def _non_ascii_characters(data: bytes) -> set[str]:
    """The distinct non-ASCII characters of UTF-8 text: delete every ASCII byte, decode what is left."""
    return set(data.translate(None, _ASCII_BYTES).decode("utf-8"))


def _blank_non_word(view: bytes, characters: set[str]) -> bytes:
    """The view with each of `characters` that is not a word character replaced by one space."""
    for ch in characters:
        if not _is_word_char(ch):
            view = view.replace(ch.encode("utf-8"), b" ")
    return view


def word_view(text: str) -> str:
    """The text with every non-word character (not alphanumeric, not "_") replaced by a space: same
    length, same offsets. ASCII goes through one bytes.translate at memory speed; the few distinct
    non-ASCII non-word characters (dashes, bullets, quotes) are replaced one by one."""
    data = text.encode("utf-8")
    view = data.translate(_ASCII_NON_WORD)
    if len(data) != len(text):
        view = _blank_non_word(view, _non_ascii_characters(data))
    return view.decode("utf-8")


def _collect_span(key: int, start: int, end: int, flags: int, found: list[tuple[int, int, int]]) -> None:
    found.append((key, start, end))


_BATCH_SEPARATOR = b"\x00"


def _collect_end_only(key: int, start: int, end: int, flags: int, ends: list[int]) -> None:
    ends.append(end)


def _collect_end(key: int, start: int, end: int, flags: int, found: tuple[list[int], list[int]]) -> None:
    found[0].append(key)
    found[1].append(end)


_NOT_YET = np.zeros(0, dtype=np.intp)


def _latin1_view_table(lower: bool) -> bytes:
    """Each Latin-1 character as a view shows it: a word character as itself (or its lower case where
    that is one Latin-1 character of the same UTF-8 length, the rule of the UTF-8 views), any other a
    space."""
    out = bytearray()
    for code in range(0x100):
        ch = chr(code)
        if not _is_word_char(ch):
            out.append(0x20)
            continue
        low = ch.lower()
        same = len(low) == 1 and ord(low) < 0x100 and len(low.encode()) == len(ch.encode())
        out.append(ord(low) if lower and same else code)
    return bytes(out)


_LATIN1_CASED, _LATIN1_LOWERED = _latin1_view_table(lower=False), _latin1_view_table(lower=True)


class TextViews:
    """The word views of one text (with a space at each end): as the bytes hyperscan scans, with
    byte-to-character offsets, and as text for pyahocorasick.

    Most Nordic ads are Latin-1 but for typographic marks (dashes, quotes, bullets), which a view blanks
    anyway: their views are Latin-1 bytes, one byte a character, made by one translate table each (cased,
    lower-cased), and a hit's byte offset is its character offset. That saved ≈ 15 µs of views and
    ≈ 5 µs of offset conversion per matcher for every relevant ad. Any other text takes the UTF-8 form:
    ASCII through one translate table, the few distinct non-ASCII characters (found by deleting every
    ASCII byte) one bytes.replace each. Lower-casing non-ASCII text with str.lower costs a Unicode lookup
    per character, ten times this. A letter whose lower case has another UTF-8 length ("İ", the Kelvin
    sign) stays as written in the lower-cased view, so that byte offsets are the same in both views."""

    __slots__ = ("cased", "lowered", "latin1", "_continuations")

    def __init__(self, text: str) -> None:
        spaced = " " + text + " "
        self.latin1 = True
        self._continuations: np.ndarray | None = None  # Latin-1 and ASCII views: bytes are characters
        try:
            data = spaced.encode("latin-1")
        except UnicodeEncodeError:
            data = spaced.encode("utf-8")
            characters = _non_ascii_characters(data)
            if any(_is_word_char(ch) for ch in characters if ord(ch) > 0xFF):
                self.latin1 = False
            else:  # only marks beyond Latin-1: each one character, "?" in the bytes, blank in the views
                data = spaced.encode("latin-1", "replace")
        if self.latin1:
            self.cased, self.lowered = data.translate(_LATIN1_CASED), data.translate(_LATIN1_LOWERED)
            return
        # A letter beyond Latin-1: `data` and `characters` are the UTF-8 ones found above.
        cased = _blank_non_word(data.translate(_ASCII_NON_WORD), characters)
        lowered_pairs: list[tuple[bytes, bytes]] = []
        for ch in characters:
            low = ch.lower()
            if low != ch and len(low) == 1 and _is_word_char(ch):
                upper, lower = ch.encode("utf-8"), low.encode("utf-8")
                if len(upper) == len(lower):
                    lowered_pairs.append((upper, lower))
        lowered = cased.lower()
        for upper, lower in lowered_pairs:
            lowered = lowered.replace(upper, lower)
        self.cased, self.lowered = cased, lowered
        # Where the view's continuation bytes (10xxxxxx) are: found on the first lookup.
        self._continuations = _NOT_YET

    @property
    def cased_text(self) -> str:
        return self.cased.decode("latin-1" if self.latin1 else "utf-8")

    @property
    def lowered_text(self) -> str:
        return self.lowered.decode("latin-1" if self.latin1 else "utf-8")

    def char_offsets(self, byte_offsets: list[int]) -> list[int]:
        """Character offsets in the view of byte offsets (the same for ASCII text)."""
        if self._continuations is None:
            return byte_offsets
        if self._continuations is _NOT_YET:
            # As int8, the continuation bytes 0x80-0xBF are exactly the values below -64. They are few
            # (one per "å"), so counting those before each offset beats a running sum over every byte.
            self._continuations = np.flatnonzero(np.frombuffer(self.cased, dtype=np.int8) < -64)
        at = np.asarray(byte_offsets)
        return (at - np.searchsorted(self._continuations, at)).tolist()


@functools.lru_cache(maxsize=4)
def text_views(text: str) -> TextViews:
    """Cached: the context, area and skill matchers of one ad all scan the same views."""
    return TextViews(text)


def _view_keys(index: int, pattern: Pattern) -> list[tuple[str, ViewEntry]]:
    """Automaton keys for a pattern, each with (pattern index, key length, left pad, term length, check).

    A term that starts with a word character needs a non-word character (or the text's start) before it:
    a leading space in the key. A whole-word term that ends with a word character needs one after it,
    or an "s" and then one (the plural rule): two keys. Terms with inner punctuation, and plurals, are
    confirmed against the text as written."""
    body = word_view(pattern.text if pattern.case_sensitive else pattern.text.lower())
    if not body.strip():
        return []
    left = 1 if _is_word_char(body[0]) else 0
    inner = " " in body  # any non-word character: the view matches any other non-word one there
    whole_word = not pattern.prefix and _is_word_char(body[-1])
    head = " " * left + body
    keys = [head + " "] if whole_word else [head]
    out = [(key, (index, len(key), left, len(body), inner)) for key in keys]
    if whole_word:
        plural = head + "s "
        out.append((plural, (index, len(plural), left, len(body), True)))
    return out
