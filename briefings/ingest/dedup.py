"""Duplicate detection without a database: exact (content hash) and near (MinHash + LSH bands).

Near-duplicates are wire copy republished with small edits. The signature is a one-permutation MinHash
(Li, Owen & Zhang 2012) over word 5-shingles: each shingle is hashed once (CRC-32 of its UTF-8, then a fixed-seed
multiply-shift universal hash to 64 bits), the top 6 bits pick one of 64 bins, and each bin keeps its smallest hash
(empty bins borrow from the next non-empty bin: "rotation densification", Shrivastava & Li 2014). The fraction of
equal bins estimates the Jaccard similarity of the shingle sets as 64 separate permutations would, at one hash per
shingle (the 64-bit multiply and the minimum per bin in numpy: about 0.16 ms for a 340-word article, 0.11 ms when
it is ASCII; blake2b per shingle would cost 0.45 ms more).
"""
from __future__ import annotations

import base64
import hashlib
import re
import struct
import unicodedata
import zlib

import numpy as np

__all__ = ["NEAR_DUP_THRESHOLD", "SHINGLE", "PERMUTATIONS", "BANDS", "ROWS", "normalise", "content_hash",
           "signature", "bands", "similarity", "encode", "decode", "is_near_duplicate"]

SHINGLE = 5  # words per shingle
PERMUTATIONS = 64  # bins of the one-permutation MinHash: 2**_BITS
# LSH: 21 bands of 3 bins (the 64th bin is not banded). P(candidate) = 1 - (1 - J**3)**21: 0.87 at J=0.45,
# 0.97 at 0.55, 0.994 at 0.6 -- lightly edited copies (J >= 0.55, below) are nearly always found -- and
# 0.02 at J=0.1, 0.0002 at 0.02 (distinct reports of one event). 16 x 4 would find only 89 % of pairs at J=0.6.
BANDS, ROWS = 21, 3
BAND_SHIFT, TAG_BITS = 58, 10  # a band key's layout (see `bands`): band << 58 | 48-bit digest << 10 | tag
# Measured on the five seeds with word 5-shingles (tests/briefings/test_dedup.py rebuilds these cases):
#   lightly edited copy (new headline, the longest paragraph dropped, 5 words changed, maybe one sentence added):
#     exact Jaccard 0.64-0.81, 64-bin estimate 0.67-0.80;
#   heavier edit (two paragraphs dropped, 10 words changed): exact 0.46-0.67, estimate 0.36-0.69;
#   a compilation carrying 3 of seed 000's paragraphs inside seed 003: exact 0.09, estimate 0.06;
#   different reports, including seeds 000 and 003 about the same blast: exact <= 0.003, estimate 0.00.
#   (3-shingles lift the edits by ~0.05 but raise distinct reports 4-5 fold, to 0.013: 5 separates better.)
# The estimate's standard error is about 0.045 (measured on random paragraph subsets). Different reports of one
# event share names and phrases but almost no five-word runs, so the gap is wide; 0.45 keeps lightly edited
# copies with ~4 standard errors to spare, catches most heavier edits, and stays far above distinct reports.
NEAR_DUP_THRESHOLD = 0.45

_BITS = 6
_SHIFT = 64 - _BITS
_MASK64 = (1 << 64) - 1
_MULT = 0x9E3779B97F4A7C15  # odd 64-bit multiplier (golden ratio), the fixed seed of the universal hash
_LOW32 = 0xFFFFFFFF
_MULT_NP, _SHIFT_NP, _26, _LOW32_NP = np.uint64(_MULT), np.uint64(_SHIFT), np.uint64(26), np.uint64(_LOW32)
_SINGLE = re.compile("[\u2018\u2019\u201a\u201b\u2032\u00b4`]")
_DOUBLE = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
_DASH = re.compile("[\u2010-\u2015\u2212]")
_INVISIBLE = re.compile("[\u200b\u00ad\ufeff]")
_WORD = re.compile(r"\w+")
_WORD_BYTES = re.compile(rb"\w+")  # on ASCII the same words as _WORD
_MASK64_NP = np.uint64(_MASK64)
_BIN_STARTS = np.arange(PERMUTATIONS, dtype=np.uint64) << _SHIFT_NP  # the smallest hash of each bin
_ENCODED = re.compile(r"m1:[A-Za-z0-9_-]+={0,2}")


def normalise(text: str) -> str:
    """Case, quotes, dashes and whitespace folded: copies that differ only in typography compare equal."""
    if not text.isascii():  # regexes, not str.translate: translate with a dict is 3x slower here
        text = unicodedata.normalize("NFKC", text)
        text = _DASH.sub("-", _DOUBLE.sub('"', _SINGLE.sub("'", _INVISIBLE.sub("", text))))
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    """sha256 hex of the normalised text: exact duplicates, whatever their header, whitespace or quote style."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _mix(key: int) -> int:
    return (key * _MULT) & _MASK64


def signature(text: str) -> tuple[int, ...]:
    """64 unsigned 32-bit values; equal positions of two signatures estimate the Jaccard of their shingles."""
    if text.isascii():
        return _ascii_signature(text)
    return _general_signature(text)


def _general_signature(text: str) -> tuple[int, ...]:
    words = _WORD.findall(normalise(text))
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)))))
    # numpy does the 64-bit multiply (wrapping: the same as "& _MASK64") and the minimum of each bin
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, shingles)), np.uint64, len(shingles)) * _MULT_NP
    bins = (hashes >> _SHIFT_NP).astype(np.intp)
    mins = np.full(PERMUTATIONS, _MASK64, np.uint64)
    np.minimum.at(mins, bins, hashes)
    return _finished(mins, np.bincount(bins, minlength=PERMUTATIONS) > 0)


def _ascii_signature(text: str) -> tuple[int, ...]:
    """The same signature, cheaper (163 -> 113 µs for a 340-word article): for ASCII, folding is `lower` and `\\w`
    is [A-Za-z0-9_] in bytes as in str, so the words and shingles are found as bytes (no encode per shingle);
    a repeated shingle changes no bin's minimum, so no set; and since a hash's top bits are its bin, the sorted
    hashes give each bin's minimum at the bin's first position (no `np.minimum.at`)."""
    words = _WORD_BYTES.findall(text.encode("ascii").lower())
    if len(words) < SHINGLE:
        return _general_signature(text)
    shingles = map(b" ".join, zip(*(words[i:] for i in range(SHINGLE))))
    hashes = np.fromiter(map(zlib.crc32, shingles), np.uint64, len(words) - SHINGLE + 1) * _MULT_NP
    hashes.sort()
    first = np.searchsorted(hashes, _BIN_STARTS)  # where each bin begins in the sorted hashes
    present = first < np.append(first[1:], len(hashes))
    mins = np.where(present, hashes[np.minimum(first, len(hashes) - 1)], _MASK64_NP)
    return _finished(mins, present)


def _finished(mins: np.ndarray, present: np.ndarray) -> tuple[int, ...]:
    """The signature from each bin's smallest hash (`present`: the bins that have one)."""
    if present.all():
        return tuple(((mins >> _26) & _LOW32_NP).tolist())  # bits 26..57: the well-mixed high bits below the bin
    values: list[int] = mins.tolist()
    full = np.flatnonzero(present).tolist()
    for b in range(PERMUTATIONS):  # rotation densification: an empty bin takes the next full bin's hash, salted
        if not present[b]:
            donor = next((f for f in full if f > b), full[0])
            values[b] = _mix(values[donor] ^ ((donor - b) % PERMUTATIONS + 1) * 0x2545F4914F6CDD1D)
    return tuple((v >> 26) & _LOW32 for v in values)


def bands(sig: tuple[int, ...]) -> list[int]:
    """LSH band keys: store them indexed; articles sharing any key are candidates. A key is one signed 64-bit
    integer (a narrow, fast index key): the band number in bits 58-62, a 48-bit blake2b digest of the band's values
    in bits 10-57, bits 0-9 zero (the bench's copies tag them, bench/grow.py). Before migration 0009 the same key
    was the text f"b{band}:{digest:012x}"."""
    if len(sig) != PERMUTATIONS:
        raise ValueError(f"signature has {len(sig)} values, expected {PERMUTATIONS}")
    keys = []
    for band in range(BANDS):
        rows = struct.pack(f"<{ROWS}I", *sig[band * ROWS:(band + 1) * ROWS])
        digest = int.from_bytes(hashlib.blake2b(rows, digest_size=6).digest(), "big")
        keys.append(band << BAND_SHIFT | digest << TAG_BITS)
    return keys


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (fraction of equal positions)."""
    if len(a) != len(b) or not a:
        raise ValueError("signatures of different lengths cannot be compared")
    return sum(map(int.__eq__, a, b)) / len(a)


def is_near_duplicate(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return similarity(a, b) >= NEAR_DUP_THRESHOLD


def encode(sig: tuple[int, ...]) -> str:
    """Signature -> short ASCII string for a text column ("m1:" + urlsafe base64 of 64 little-endian uint32)."""
    return "m1:" + base64.urlsafe_b64encode(struct.pack(f"<{len(sig)}I", *sig)).decode("ascii")


def decode(s: str) -> tuple[int, ...]:
    """Inverse of `encode`; raises ValueError on anything it did not produce."""
    if not _ENCODED.fullmatch(s):
        raise ValueError("not an encoded signature (expected 'm1:<base64>')")
    raw = base64.urlsafe_b64decode(s[3:])
    if len(raw) != PERMUTATIONS * 4:
        raise ValueError(f"encoded signature has {len(raw) // 4} values, expected {PERMUTATIONS}")
    return struct.unpack(f"<{PERMUTATIONS}I", raw)
