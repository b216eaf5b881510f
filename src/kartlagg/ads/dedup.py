"""Duplicate ads: an exact key and a near-duplicate signature (MinHash + LSH bands).

- `ad_key`: the ad's identity in its source (source + source id). Ingesting a file twice, or a JobStream
  update of an ad already stored, hits the same key and adds nothing.
- `content_key`: a hash of the normalised employer, headline and text. The same ad reposted under a new
  id, or cross-posted on two boards with identical text, shares it.
- MinHash signature for the near duplicates that differ in a few words (a changed date, a contact
  line): datasketch's `affine32` MinHash over sampled 8-byte shingles of the normalised text, computed
  for a whole batch at once with numpy (bit-identical to `datasketch.MinHash(scheme="affine32")` fed
  the same shingle hashes; see tests), then cut into LSH bands chosen by datasketch's own optimiser.
  The bands go to the store, where a join finds candidate pairs and the signatures confirm them.

Shingles are the 8 bytes starting at each word, sampled by value (kept when the hash falls in the lowest
1/8 of the range): both copies of an ad keep the same shingles, so the estimate stays unbiased, and the
work per ad drops some fifty-fold against sliding over every byte with every permutation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from xxhash import xxh3_64, xxh3_64_intdigest

NUM_PERM = 64
_TWO_63, _TWO_64 = 1 << 63, 1 << 64
SEED = 1
SHINGLE = 8
_SAMPLE_SHIFT = 29  # keep shingle hashes < 2**29, i.e. 1/8 of the 32-bit range
_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing of the 8 shingle bytes
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _key64(*parts: str) -> int:
    # XXH3: a 64-bit hash of good quality at memory speed (≈0.1 µs for an ad's text; blake2b took ≈3).
    # Keys are stored, so changing this function changes the store's schema version.
    return _signed(xxh3_64_intdigest("\x1f".join(parts).encode("utf-8")))


def _signed(value: int) -> int:
    return value - _TWO_64 if value >= _TWO_63 else value  # as DuckDB's signed BIGINT


def ad_key(source: str, source_id: str) -> int:
    return _key64(source, source_id)


def content_key(employer_name: str, headline: str, text: str | bytes | memoryview) -> int:
    """Same employer, headline and (tidied) text: the same ad, whatever board or id it came under.

    The key is `_key64(employer, headline, text)` of the normalised names, hashed in two steps (XXH3
    streamed gives the one-shot digest), so ``text`` may come already UTF-8 encoded — the pipeline has
    it so for the signatures — instead of being copied into one string first."""
    head = f"{' '.join(employer_name.lower().split())}\x1f{' '.join(headline.lower().split())}\x1f"
    digest = xxh3_64(head.encode("utf-8"))
    digest.update(text.encode("utf-8") if isinstance(text, str) else text)
    return _signed(digest.intdigest())


@cache
def permutations() -> np.ndarray:
    """datasketch's affine32 permutation parameters (a, b) for NUM_PERM and SEED, shape (2, NUM_PERM)."""
    return np.asarray(MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations, dtype=np.uint32)


@dataclass(frozen=True)
class BandPlan:
    bands: int
    rows: int


@cache
def band_plan(threshold: float) -> BandPlan:
    """LSH bands x rows for a Jaccard threshold, from datasketch's false-positive/negative optimiser."""
    bands, rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return BandPlan(bands=bands, rows=rows)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser, the pre-mix datasketch's affine32 scheme applies to every input hash."""
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


# ASCII letters lower-cased (all bytes.lower() does) and whitespace made spaces, in one table: one pass
# over a block's texts instead of two.
_SHINGLE_BYTES = bytes.maketrans(
    bytes(range(ord("A"), ord("Z") + 1)) + b"\t\n\r\x0b\x0c\x00",
    bytes(range(ord("a"), ord("z") + 1)) + b"      ",
)
_PADDING = b" " * SHINGLE


def _prepare(encoded: list[bytes]) -> tuple[bytes, np.ndarray]:
    """One lower-cased buffer of all (UTF-8) texts, each led by a space so that its first word is
    anchored too; and where each text ends (its space included)."""
    ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)) + 1)
    return b" ".join([b"", *encoded, _PADDING]).translate(_SHINGLE_BYTES), ends


def _anchored_hashes(buffer: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(position, 32-bit hash) of the 8 bytes that start at each word: shingles anchored on words cost a
    sixth of sliding every byte and survive reflowed whitespace."""
    array = np.frombuffer(buffer, dtype=np.uint8)
    anchors = np.flatnonzero((array[:-SHINGLE] == 32) & (array[1 : 1 - SHINGLE] != 32)) + 1
    windows = np.ndarray(shape=(len(buffer) - SHINGLE + 1,), dtype="<u8", buffer=buffer, strides=(1,))
    products = windows[anchors] * _SHINGLE_MULT
    # A hash (the product's high 32 bits) below 2**29 is a product below 2**61: sample before shifting,
    # and pick the kept ones by index once, for both arrays.
    kept = np.flatnonzero(products < np.uint64(1 << (32 + _SAMPLE_SHIFT)))
    return anchors[kept], (products[kept] >> np.uint64(32)).astype(np.uint32)


def sampled_shingles(text: str) -> np.ndarray:
    """The shingle hashes `signatures` keeps for one text (for checking against datasketch)."""
    buffer, ends = _prepare([text.encode("utf-8")])
    positions, hashes = _anchored_hashes(buffer)
    return hashes[positions + SHINGLE <= ends[0]]


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures (len(texts) x NUM_PERM, uint32) of the sampled shingles of each text.

    An ad too short to keep any shingle gets the all-ones signature, which joins no band of a real ad.
    """
    return encoded_signatures([t.encode("utf-8") for t in texts])


# Ads hashed together: the permuted shingles of 1,000 bench ads take ≈10 MB, of a whole 16 MB block
# (≈2,800 of them) ≈27 MB in each worker at once; the smaller arrays stay nearer the CPU caches too.
_ADS_PER_BATCH = 1_000


def encoded_signatures(encoded: list[bytes]) -> np.ndarray:
    """`signatures` of texts given as UTF-8 bytes (the pipeline encodes each ad once, for all its uses)."""
    if len(encoded) > _ADS_PER_BATCH:
        return np.concatenate(
            [
                _batch_signatures(encoded[start : start + _ADS_PER_BATCH])
                for start in range(0, len(encoded), _ADS_PER_BATCH)
            ]
        )
    return _batch_signatures(encoded)


def _batch_signatures(encoded: list[bytes]) -> np.ndarray:
    count = len(encoded)
    result = np.full((NUM_PERM, count), np.iinfo(np.uint32).max, dtype=np.uint32)
    if count == 0:
        return result.T
    buffer, ends = _prepare(encoded)
    positions, hashes = _anchored_hashes(buffer)
    owner = np.searchsorted(ends, positions, side="right")
    inside = (owner < count) & (positions + SHINGLE <= ends[np.minimum(owner, count - 1)])
    owner, hashes = owner[inside], hashes[inside]
    if hashes.size == 0:
        return result.T
    a, b = permutations()
    # Permutations x shingles keeps the reduction on the contiguous axis (4x faster than the transpose).
    permuted = a[:, None] * _fmix32(hashes)[None, :]  # uint32 wrap-around = mod 2**32, as in datasketch
    permuted += b[:, None]
    # Positions are sorted, so each ad's shingles form one run: reduce each run to its minimum.
    run_starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    result[:, owner[run_starts]] = np.minimum.reduceat(permuted, run_starts, axis=1)
    return np.ascontiguousarray(result.T)


def band_keys(sigs: np.ndarray, plan: BandPlan) -> np.ndarray:
    """One 64-bit key per band per ad (len x bands, int64); equal keys mean an equal band."""
    count = sigs.shape[0]
    keys = np.zeros((count, plan.bands), dtype=np.uint64)
    mult = np.uint64(0x100000001B3)
    for band in range(plan.bands):
        acc = np.full(count, np.uint64(0xCBF29CE484222325) ^ np.uint64(band), dtype=np.uint64)
        for row in range(plan.rows):
            acc = (acc ^ sigs[:, band * plan.rows + row].astype(np.uint64)) * mult
        keys[:, band] = acc
    empty = (sigs == np.iinfo(np.uint32).max).all(axis=1)
    keys[empty] = 0  # no band for an ad without shingles
    return keys.view(np.int64)


def estimated_jaccard(sig_a: bytes | np.ndarray, sig_b: bytes | np.ndarray) -> float:
    a = np.frombuffer(sig_a, dtype=np.uint32) if isinstance(sig_a, bytes) else sig_a
    b = np.frombuffer(sig_b, dtype=np.uint32) if isinstance(sig_b, bytes) else sig_b
    return float(np.count_nonzero(a == b)) / float(a.size)
