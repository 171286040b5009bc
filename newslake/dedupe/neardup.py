"""Near-duplicate building blocks for dedupe: normalised text, signatures and an LSH index.

Pure and in memory; newslake/dedupe/index.py persists signatures and decides clusters. A signature is a
MinHash of the text's character shingles (rensa's R-MinHash over shingle hashes computed here with
numpy) plus a small sketch of the figures the text reports, so that two texts worded alike but
reporting different figures (a statistics series' next release) are not taken for copies.
Parameters were chosen on tests/expected/duplicates by bench/eval_dedup.py (its output prints the sweeps).
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import rensa

# Chosen by bench/eval_dedup.py on tests/expected/duplicates (see the README section "Near duplicates"):
SHINGLE_SIZE = 8  # characters; shorter shingles let same-event reports share more (sweep 1)
NUM_PERM = 256  # estimate's error sd ~0.03 near the threshold; 128 let worst-seed precision fall
BANDS = 85  #     to 0.98 (sweep 4)
ROWS = 3  # P(candidate) 0.98 at J=0.36, 0.50 at J=0.2, 0.08 at J=0.1 (sweep 3)
THRESHOLD = 0.36  # estimated Jaccard at or above which two texts are copies (sweeps 2 and 4)
SEED = 20240604  # fixes rensa's permutations: changing it invalidates every stored signature
# Figures veto: when both texts report at least FIGURES_MIN figures and fewer than
# FIGURES_CONTAINMENT of the smaller set appear in the other, they report different facts.
FIGURES_KEPT = 32  # bottom-k sketch of the figures' hashes (exact for texts with <= 32 figures)
FIGURES_MIN = 3
FIGURES_CONTAINMENT = 0.5

MinHash = npt.NDArray[np.uint32]  # NUM_PERM minimum hash values

# Stored signatures are only comparable when all of these match; the id is written into each one.
SIGNATURE_SCHEME = (
    f"rensa-rminhash-{rensa.RMinHash.ALGORITHM_VERSION}:poly64-k{SHINGLE_SIZE}:p{NUM_PERM}"
    f":s{SEED}:fig{FIGURES_KEPT}"
)
_SCHEME_ID = zlib.crc32(SIGNATURE_SCHEME.encode())
_HEADER = struct.Struct("<4sIHHI")  # magic, scheme id, minhash values, figures kept, figures seen
_MAGIC = b"nlm2"
_NOT_WORD = re.compile(r"[\W_]+")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_EMPTY = np.uint32(0xFFFFFFFF)
_MASK = 0xFFFFFFFFFFFFFFFF


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


def shingle_hashes(
    normalised: str, size: int = SHINGLE_SIZE, *, distinct: bool = True
) -> npt.NDArray[np.uint64]:
    """64-bit hashes of the text's character shingles, sorted and distinct unless told otherwise.

    A polynomial hash of the code points, finished with splitmix64 so every bit is mixed, computed
    with numpy over the whole text at once. MinHash needs no distinct values (a repeated token
    cannot change a minimum), so signatures skip the sort: together 4x faster than a Python set.
    """
    if not normalised:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = min(size, len(codes))
    n = len(codes) - size + 1
    h = codes[:n].copy()
    with np.errstate(over="ignore"):
        for j in range(1, size):
            h *= np.uint64(0x100000001B3)
            h += codes[j : j + n]
    h = _splitmix(h)
    return np.unique(h) if distinct else h


def _splitmix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def minhash_matrix(
    hash_sets: Sequence[npt.NDArray[np.uint64]], num_perm: int = NUM_PERM, seed: int = SEED
) -> npt.NDArray[np.uint32]:
    """One MinHash row per token-hash set (rensa R-MinHash); an empty set gives all 0xFFFFFFFF."""
    if not hash_sets:
        return np.zeros((0, num_perm), dtype=np.uint32)
    offsets = np.zeros(len(hash_sets) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum([len(h) for h in hash_sets])
    flat = np.concatenate(hash_sets).astype(np.uint64, copy=False)
    digests = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, num_perm, seed)
    return np.asarray(digests.to_rows(), dtype=np.uint32).reshape(len(hash_sets), num_perm)


def figures(text: str) -> set[str]:
    """The figures a text reports: numbers of two or more digits, years (1900-2100) left out.

    Single digits are mostly months and ordinals, years are shared by every report of a year.
    """
    found = _FIGURE.findall(unicodedata.normalize("NFKC", text))
    return {
        f
        for f in found
        if len(f.replace(".", "")) >= 2
        and not (f.isdigit() and len(f) == 4 and 1900 <= int(f) <= 2100)
    }


def figure_sketch(found: set[str]) -> npt.NDArray[np.uint32]:
    """The FIGURES_KEPT smallest 32-bit hashes of the figures, sorted (a bottom-k sketch)."""
    hashed = sorted(
        int.from_bytes(hashlib.blake2b(f.encode(), digest_size=4).digest(), "little") for f in found
    )
    return np.asarray(hashed[:FIGURES_KEPT], dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class Signature:
    """What a document is compared by, without its text."""

    minhash: MinHash
    figures: npt.NDArray[np.uint32]  # bottom-k sketch of the figures' hashes
    n_figures: int  # distinct figures in the text (the sketch keeps at most FIGURES_KEPT)

    def is_empty(self) -> bool:
        return bool((self.minhash == _EMPTY).all())


def signatures(
    texts: Sequence[str],
    *,
    size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    seed: int = SEED,
) -> list[Signature]:
    """Signatures of a batch of texts (one rensa call for the whole batch)."""
    hashes = [shingle_hashes(normalise(t), size, distinct=False) for t in texts]
    matrix = minhash_matrix(hashes, num_perm, seed)
    out = []
    for row, text in zip(matrix, texts, strict=True):
        found = figures(text)
        out.append(Signature(row, figure_sketch(found), len(found)))
    return out


def signature(text: str) -> Signature:
    """Signature of one text. An empty text matches nothing."""
    return signatures([text])[0]


def signature_to_bytes(sig: Signature) -> bytes:
    """Serialise for a BLOB column, tagged with the scheme so a settings change cannot mix."""
    values = np.ascontiguousarray(sig.minhash, dtype="<u4")
    figs = np.ascontiguousarray(sig.figures, dtype="<u4")
    header = _HEADER.pack(_MAGIC, _SCHEME_ID, len(values), len(figs), sig.n_figures)
    return header + values.tobytes() + figs.tobytes()


class SchemeMismatch(ValueError):
    """A stored signature was made with other settings: recompute it from the document's text."""


def signature_from_bytes(b: bytes) -> Signature:
    """Read a stored signature; SchemeMismatch when it was made with other settings."""
    if len(b) < _HEADER.size:
        raise SchemeMismatch(f"signature of {len(b)} bytes is not of scheme {SIGNATURE_SCHEME}")
    magic, scheme_id, n, kept, seen = _HEADER.unpack_from(b)
    if magic != _MAGIC or scheme_id != _SCHEME_ID or n != NUM_PERM:
        raise SchemeMismatch(f"signature is not of scheme {SIGNATURE_SCHEME}; recompute it")
    if len(b) != _HEADER.size + 4 * (n + kept):
        raise SchemeMismatch(
            f"signature has {len(b)} bytes, expected {_HEADER.size + 4 * (n + kept)}"
        )
    minhash = np.frombuffer(b, dtype="<u4", count=n, offset=_HEADER.size).astype(np.uint32)
    figs = np.frombuffer(b, dtype="<u4", count=kept, offset=_HEADER.size + 4 * n).astype(np.uint32)
    return Signature(minhash, figs, seen)


def band_keys(
    minhashes: npt.NDArray[np.uint32], bands: int = BANDS, rows: int = ROWS
) -> npt.NDArray[np.int64]:
    """One signed 64-bit key per LSH band and row of the matrix (band number mixed in, so one
    sorted array holds all bands). Keys live only in memory and are never stored."""
    matrix = np.atleast_2d(minhashes)
    if bands * rows > matrix.shape[1]:
        raise ValueError(
            f"{bands} bands x {rows} rows need {bands * rows} values, have {matrix.shape[1]}"
        )
    m = matrix[:, : bands * rows].astype(np.uint64).reshape(len(matrix), bands, rows)
    with np.errstate(over="ignore"):
        h = np.broadcast_to(
            (np.arange(bands, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15),
            (len(matrix), bands),
        ).copy()
        for r in range(rows):
            h = _splitmix(h ^ m[:, :, r])
    return h.view(np.int64)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either text was empty)."""
    if a.is_empty() or b.is_empty():
        return 0.0
    return float(np.count_nonzero(a.minhash == b.minhash)) / len(a.minhash)


def figure_containment(a: Signature, b: Signature) -> float | None:
    """Share of the smaller figure set found in the other (from the sketches); None when either
    text reports fewer than FIGURES_MIN figures, so there is nothing to compare."""
    if a.n_figures < FIGURES_MIN or b.n_figures < FIGURES_MIN:
        return None
    return _containment(a.figures, a.n_figures, b.figures, b.n_figures)


def figures_disagree(a: Signature, b: Signature) -> bool:
    """True when both texts report figures and mostly not the same ones: not copies."""
    c = figure_containment(a, b)
    return c is not None and c < FIGURES_CONTAINMENT


def _containment(fa: np.ndarray, na: int, fb: np.ndarray, nb: int) -> float:
    # Both sketches are exact below the cut-off: the larger of the two sketches' last kept
    # values when a sketch is full (it saw more figures than it keeps), else everything.
    cut = min(
        int(fa[-1]) if na > len(fa) else 0xFFFFFFFF,
        int(fb[-1]) if nb > len(fb) else 0xFFFFFFFF,
    )
    sa, sb = fa[fa <= cut], fb[fb <= cut]
    if not len(sa) or not len(sb):
        return 1.0
    return len(np.intersect1d(sa, sb, assume_unique=True)) / min(len(sa), len(sb))


class NearDupIndex:
    """In-memory LSH over band keys, with the signatures to confirm candidates.

    Band keys go to a small dict first; when it holds BUFFER_KEYS keys it becomes a sorted run
    (two arrays: keys and rows), and runs of similar size are merged, so there are O(log n) runs
    and each key is re-sorted O(log n) times. Adding or querying a document thus costs about the
    same at 1k or 1M documents, and memory is ~12 bytes per band per document plus the signature
    (bench/bench_dedup.py measures both). Signatures live in fixed blocks of BLOCK_ROWS rows, so
    growing never copies them, and two runs merge in place of a sort of both: the index's peak
    stays close to what it holds.
    """

    BUFFER_KEYS = 1 << 16
    BLOCK_SHIFT = 12
    BLOCK_ROWS = 1 << BLOCK_SHIFT  # 4,096 signatures (4.6 MB) per block

    def __init__(
        self, *, threshold: float = THRESHOLD, bands: int = BANDS, rows: int = ROWS
    ) -> None:
        self.threshold, self.bands, self.rows = threshold, bands, rows
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._width = 0  # minhash values per signature, fixed by the first one stored
        # row r lives in block r >> BLOCK_SHIFT at offset r & (BLOCK_ROWS - 1)
        self._alive: list[npt.NDArray[np.bool_]] = []
        self._sigs: list[npt.NDArray[np.uint32]] = []
        self._figs: list[npt.NDArray[np.uint32]] = []
        self._nfigs: list[npt.NDArray[np.int32]] = []
        self._runs: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]] = []
        # key -> row, or a tuple of rows when a key repeats: plain ints keep the garbage collector
        # from walking a dict of tens of thousands of lists
        self._buffer: dict[int, int | tuple[int, ...]] = {}
        self._buffered = 0

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def nbytes(self) -> int:
        """Bytes held in arrays (signatures, figures, band keys); the key buffer and ids aside."""
        blocks = [*self._alive, *self._sigs, *self._figs, *self._nfigs]
        return sum(a.nbytes for a in blocks) + sum(k.nbytes + r.nbytes for k, r in self._runs)

    def _grow(self, extra: int, width: int) -> None:
        if not self._width:
            self._width = width
        elif width != self._width:
            raise ValueError(f"signature of {width} values in an index of {self._width}")
        while len(self._ids) + extra > len(self._sigs) * self.BLOCK_ROWS:
            n = self.BLOCK_ROWS
            self._alive.append(np.zeros(n, dtype=bool))
            self._sigs.append(np.zeros((n, width), dtype=np.uint32))
            self._figs.append(np.full((n, FIGURES_KEPT), _EMPTY, dtype=np.uint32))
            self._nfigs.append(np.zeros(n, dtype=np.int32))

    def _slot(self, row: int) -> tuple[int, int]:
        return row >> self.BLOCK_SHIFT, row & (self.BLOCK_ROWS - 1)

    def _store(self, doc_id: str, sig: Signature) -> int | None:
        if doc_id in self._row_of:
            block, at = self._slot(self._row_of.pop(doc_id))
            self._alive[block][at] = False
        if sig.is_empty():
            return None
        row = len(self._ids)
        self._ids.append(doc_id)
        self._row_of[doc_id] = row
        block, at = self._slot(row)
        self._alive[block][at] = True
        self._sigs[block][at] = sig.minhash
        self._figs[block][at, : len(sig.figures)] = sig.figures
        self._nfigs[block][at] = sig.n_figures
        return row

    def stored(self, doc_id: str) -> Signature:
        """The signature indexed for a document (KeyError if it has none)."""
        block, at = self._slot(self._row_of[doc_id])
        n = int(self._nfigs[block][at])
        figs = self._figs[block][at, : min(n, FIGURES_KEPT)]
        return Signature(self._sigs[block][at], figs, n)

    def _gather(
        self, blocks: list[npt.NDArray[Any]], rows: npt.NDArray[np.int64]
    ) -> npt.NDArray[Any]:
        """The given rows of a blocked array, in order."""
        first = blocks[0]
        out = np.empty((len(rows), *first.shape[1:]), dtype=first.dtype)
        which, at = rows >> self.BLOCK_SHIFT, rows & (self.BLOCK_ROWS - 1)
        for block in np.unique(which).tolist():
            sel = which == block
            out[sel] = blocks[block][at[sel]]
        return out

    def keys(self, sig: Signature) -> list[int]:
        """The signature's band keys (pass them to query and add to compute them once)."""
        return band_keys(sig.minhash, self.bands, self.rows)[0].tolist()

    def add(self, doc_id: str, sig: Signature, keys: list[int] | None = None) -> None:
        """Index a document; adding a known id again replaces its signature."""
        self._grow(1, len(sig.minhash))
        row = self._store(doc_id, sig)
        if row is None:
            return
        buffer = self._buffer
        for key in keys if keys is not None else self.keys(sig):
            held = buffer.get(key)
            if held is None:
                buffer[key] = row
            else:
                buffer[key] = (*held, row) if isinstance(held, tuple) else (held, row)
        self._buffered += self.bands
        if self._buffered >= self.BUFFER_KEYS:
            self._flush()

    def add_many(self, doc_ids: Sequence[str], sigs: Sequence[Signature]) -> None:
        """Index many documents at once (building from the lake): one sorted run, no buffer."""
        if not sigs:
            return
        self._grow(len(sigs), len(sigs[0].minhash))
        rows = [self._store(d, s) for d, s in zip(doc_ids, sigs, strict=True)]
        kept = np.asarray([r for r in rows if r is not None], dtype=np.int64)
        if len(kept):
            keys = band_keys(self._gather(self._sigs, kept), self.bands, self.rows).ravel()
            self._push(keys, np.repeat(kept.astype(np.int32), self.bands))

    def _flush(self) -> None:
        """Turn the buffer into a sorted run."""
        pairs = [
            (k, r)
            for k, held in self._buffer.items()
            for r in (held if isinstance(held, tuple) else (held,))
        ]
        keys = np.fromiter((k for k, _ in pairs), np.int64, len(pairs))
        rows = np.fromiter((r for _, r in pairs), np.int32, len(pairs))
        self._buffer.clear()
        self._buffered = 0
        self._push(keys, rows)

    def _push(self, keys: npt.NDArray[np.int64], rows: npt.NDArray[np.int32]) -> None:
        order = np.argsort(keys, kind="stable")
        self._runs.append((keys[order], rows[order]))
        # merge while the newest run is at least half the size of the one before it
        while len(self._runs) > 1 and 2 * len(self._runs[-1][0]) >= len(self._runs[-2][0]):
            newer, older = self._runs.pop(), self._runs.pop()
            self._runs.append(_merge_runs(older, newer))

    def candidates(self, sig: Signature, keys: list[int] | None = None) -> npt.NDArray[np.int64]:
        """Rows sharing at least one band with the signature (before any similarity check)."""
        keys = keys if keys is not None else self.keys(sig)
        found: list[int] = []
        for key in keys:
            held = self._buffer.get(key)
            if isinstance(held, tuple):
                found.extend(held)
            elif held is not None:
                found.append(held)
        if self._runs:
            wanted = np.sort(np.asarray(keys, dtype=np.int64))  # sorted probes: fewer cache misses
            for run_keys, run_rows in self._runs:
                lo = np.searchsorted(run_keys, wanted)
                inside = lo < len(run_keys)
                hits = np.flatnonzero(inside)[run_keys[lo[inside]] == wanted[inside]]
                if not len(hits):
                    continue
                hi = np.searchsorted(run_keys, wanted[hits], side="right")
                for start, end in zip(lo[hits].tolist(), hi.tolist(), strict=True):
                    found.extend(run_rows[start:end].tolist())
        if not found:
            return np.zeros(0, dtype=np.int64)
        rows = np.unique(np.asarray(found, dtype=np.int64))
        return rows[self._gather(self._alive, rows)]

    def query(
        self, sig: Signature, *, exclude: str | None = None, keys: list[int] | None = None
    ) -> list[tuple[str, float]]:
        """Indexed documents that are copies of this one (estimated similarity >= threshold and
        figures not in disagreement), best first; ties go to the smaller doc_id, so the answer
        does not depend on the order documents were indexed in."""
        if sig.is_empty():
            return []
        rows = self.candidates(sig, keys)
        if exclude is not None and exclude in self._row_of:
            rows = rows[rows != self._row_of[exclude]]
        if not len(rows):
            return []
        sigs = self._gather(self._sigs, rows)
        sims = np.count_nonzero(sigs == sig.minhash, axis=1) / len(sig.minhash)
        keep = sims >= self.threshold
        matches = []
        for row, sim in zip(rows[keep].tolist(), sims[keep].tolist(), strict=True):
            doc_id = self._ids[row]
            if figures_disagree(self.stored(doc_id), sig):
                continue
            matches.append((doc_id, sim))
        matches.sort(key=lambda m: (-m[1], m[0]))
        return matches


def _merge_runs(
    older: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]],
    newer: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Two sorted runs as one, equal keys in the order a stable sort of older + newer gives;
    placed by searchsorted rather than sorted again, so a merge needs little beyond its output."""
    (k_old, r_old), (k_new, r_new) = older, newer
    at = np.searchsorted(k_old, k_new, side="right") + np.arange(len(k_new))
    n = len(k_old) + len(k_new)
    keys, rows = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int32)
    from_new = np.zeros(n, dtype=bool)
    from_new[at] = True
    keys[at], rows[at] = k_new, r_new
    keys[~from_new], rows[~from_new] = k_old, r_old
    return keys, rows
