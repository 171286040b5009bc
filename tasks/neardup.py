"""Near-duplicate building blocks for dedupe: normalised text, MinHash signatures and an LSH index.

Pure and in memory; tasks/dedupe.py persists signatures and band keys and decides clusters.
Parameters were chosen on tests/dedup_pairs by bench/eval_dedup.py (figures in its output).
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
import zlib
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import rensa

# Chosen by bench/eval_dedup.py on tests/dedup_pairs (see README "Near duplicates"):
SHINGLE_SIZE = 5  # characters; 4 lets same-event reports share too much, 6 loses short edits
NUM_PERM = 128  # estimate's standard deviation ~0.044 at J=0.5; 256 bought no accuracy we needed
BANDS = 32
ROWS = 4  # LSH candidate probability 0.87 at J=0.4, 0.99 at J=0.5, 0.03 at J=0.2
THRESHOLD = 0.40  # positives' estimated Jaccard >= 0.45, same-event reports <= 0.25
SEED = 20240604  # fixes rensa's permutations: changing it invalidates every stored signature

Signature: TypeAlias = npt.NDArray[np.uint32]  # NUM_PERM minimum hash values

# Stored signatures are only comparable when all of these match; the id is written into each one.
SIGNATURE_SCHEME = (
    f"rensa-rminhash-{rensa.RMinHash.ALGORITHM_VERSION}:k{SHINGLE_SIZE}:p{NUM_PERM}:s{SEED}"
)
_SCHEME_ID = zlib.crc32(SIGNATURE_SCHEME.encode())
_HEADER = struct.Struct("<4sIH")  # magic, scheme id, number of values
_MAGIC = b"nlmh"
_NOT_WORD = re.compile(r"[\W_]+")
_EMPTY = np.uint32(0xFFFFFFFF)


def normalise(text: str) -> str:
    """Fold what reposting sites change without changing the story: width, case, spacing, punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """The exact-duplicate key: sha256 hex of the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def shingles(normalised: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Overlapping character n-grams; a text shorter than one shingle is its own shingle."""
    if len(normalised) <= size:
        return {normalised} if normalised else set()
    return {normalised[i : i + size] for i in range(len(normalised) - size + 1)}


def minhash(tokens: set[str], num_perm: int = NUM_PERM, seed: int = SEED) -> Signature:
    """MinHash of a token set (rensa's RMinHash: same estimates as datasketch, ~100x faster)."""
    sketch = rensa.RMinHash(num_perm=num_perm, seed=seed)
    if tokens:
        sketch.update(list(tokens))
    return np.asarray(sketch.digest(), dtype=np.uint32)


def signature(text: str) -> Signature:
    """MinHash over character shingles of the normalised text. An empty text matches nothing."""
    return minhash(shingles(normalise(text)))


def is_empty(sig: Signature) -> bool:
    return bool((sig == _EMPTY).all())


def signature_to_bytes(sig: Signature) -> bytes:
    """Serialise for a BLOB column, tagged with the scheme so a settings change cannot mix."""
    values = np.ascontiguousarray(sig, dtype="<u4")
    return _HEADER.pack(_MAGIC, _SCHEME_ID, len(values)) + values.tobytes()


def signature_from_bytes(b: bytes) -> Signature:
    """Read a stored signature; ValueError when it was made with other settings (recompute it)."""
    magic, scheme_id, n = _HEADER.unpack_from(b)
    if magic != _MAGIC or scheme_id != _SCHEME_ID or n != NUM_PERM:
        raise ValueError(f"signature is not of scheme {SIGNATURE_SCHEME}; recompute it")
    if len(b) != _HEADER.size + 4 * n:
        raise ValueError(f"signature has {len(b)} bytes, expected {_HEADER.size + 4 * n}")
    return np.frombuffer(b, dtype="<u4", offset=_HEADER.size).astype(np.uint32)


def band_keys(sig: Signature, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit key per LSH band (band number mixed in, so one table holds all bands)."""
    if bands * rows > len(sig):
        raise ValueError(f"{bands} bands x {rows} rows need {bands * rows} values, have {len(sig)}")
    raw = np.ascontiguousarray(sig[: bands * rows], dtype="<u4").tobytes()
    width = 4 * rows
    return [
        int.from_bytes(
            hashlib.blake2b(
                raw[i * width : (i + 1) * width], digest_size=8, salt=i.to_bytes(16, "little")
            ).digest(),
            "little",
            signed=True,
        )
        for i in range(bands)
    ]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either text was empty)."""
    if is_empty(a) or is_empty(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


class NearDupIndex:
    """In-memory LSH over band keys, with the signatures to confirm candidates.

    Band keys live in one sorted int64 array plus a small dict of recent additions that is merged
    in when it grows past a share of the array: memory stays ~12 bytes per band per document
    and adding or querying a document costs about the same at 1k or 1M documents.
    """

    def __init__(
        self, *, threshold: float = THRESHOLD, bands: int = BANDS, rows: int = ROWS
    ) -> None:
        self.threshold, self.bands, self.rows = threshold, bands, rows
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._alive = np.zeros(1024, dtype=bool)
        self._sigs = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._keys = np.zeros(0, dtype=np.int64)  # sorted band keys ...
        self._key_rows = np.zeros(0, dtype=np.int32)  # ... and the row of each
        self._recent: dict[int, list[int]] = {}
        self._recent_count = 0

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def add(self, doc_id: str, sig: Signature) -> None:
        """Index a document; adding a known id again replaces its signature."""
        if doc_id in self._row_of:
            self._alive[self._row_of[doc_id]] = False
        if is_empty(sig):
            self._row_of.pop(doc_id, None)
            return
        row = len(self._ids)
        if row == len(self._alive):
            self._alive = np.concatenate([self._alive, np.zeros(row, dtype=bool)])
            self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
        self._ids.append(doc_id)
        self._row_of[doc_id] = row
        self._alive[row] = True
        self._sigs[row] = sig
        for key in band_keys(sig, self.bands, self.rows):
            self._recent.setdefault(key, []).append(row)
        self._recent_count += self.bands
        if self._recent_count > max(50_000, len(self._keys) // 4):
            self._merge()

    def query(self, sig: Signature, *, exclude: str | None = None) -> list[tuple[str, float]]:
        """Indexed documents whose estimated similarity is >= threshold, best first."""
        if is_empty(sig):
            return []
        keys = band_keys(sig, self.bands, self.rows)
        found = [row for key in keys for row in self._recent.get(key, ())]
        if len(self._keys):
            q = np.asarray(keys, dtype=np.int64)
            lo = np.searchsorted(self._keys, q, side="left")
            hi = np.searchsorted(self._keys, q, side="right")
            for start, end in zip(lo.tolist(), hi.tolist(), strict=True):
                if end > start:
                    found.extend(self._key_rows[start:end].tolist())
        if not found:
            return []
        rows = np.unique(np.asarray(found, dtype=np.int64))
        rows = rows[self._alive[rows]]
        if exclude is not None and exclude in self._row_of:
            rows = rows[rows != self._row_of[exclude]]
        sims = np.count_nonzero(self._sigs[rows] == sig, axis=1) / len(sig)
        keep = sims >= self.threshold
        rows, sims = rows[keep], sims[keep]
        order = np.lexsort((rows, -sims))  # best first; ties go to the earlier document
        return [(self._ids[r], float(s)) for r, s in zip(rows[order], sims[order], strict=True)]

    def _merge(self) -> None:
        """Fold recent band keys into the sorted arrays."""
        n = self._recent_count
        keys = np.empty(n, dtype=np.int64)
        rows = np.empty(n, dtype=np.int32)
        i = 0
        for key, members in self._recent.items():
            keys[i : i + len(members)] = key
            rows[i : i + len(members)] = members
            i += len(members)
        keys = np.concatenate([self._keys, keys[:i]])
        rows = np.concatenate([self._key_rows, rows[:i]])
        order = np.argsort(keys, kind="stable")
        self._keys, self._key_rows = keys[order], rows[order]
        self._recent.clear()
        self._recent_count = 0
