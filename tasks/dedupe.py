"""Dedupe: put each new document in a cluster of copies, exact (same normalised text) or near (MinHash).

The index holds every document already in the lake and grows batch by batch, so a run compares
new pages against the whole lake without recomputing old signatures. Which member of a cluster is
canonical is decided in SQL (v_documents), from the members' publish time, length and first sighting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newslake.records import Document
from tasks import neardup
from tasks.load import KnownDocument


@dataclass(slots=True)
class DedupeIndex:
    """Exact-hash and near-duplicate lookups over the lake, mapping documents to clusters."""

    by_hash: dict[str, str] = field(default_factory=dict)  # text_hash -> first doc_id
    cluster_of: dict[str, str] = field(default_factory=dict)  # doc_id -> cluster_id
    near: neardup.NearDupIndex = field(default_factory=neardup.NearDupIndex)

    @classmethod
    def from_known(cls, known: Iterable[KnownDocument]) -> DedupeIndex:
        index = cls()
        for doc in known:
            index.by_hash.setdefault(doc.text_hash, doc.doc_id)
            index.cluster_of[doc.doc_id] = doc.cluster_id
            if doc.signature is not None:
                index.near.add(doc.doc_id, neardup.signature_from_bytes(doc.signature))
        return index

    def assign(self, doc: Document, signature: neardup.Signature) -> None:
        """Set the document's cluster (its own for a new story) and remember it for later pages."""
        match_id, similarity, method = None, None, None
        exact = self.by_hash.get(doc.text_hash or "")
        if exact is not None and exact != doc.doc_id:
            match_id, similarity, method = exact, 1.0, "exact"
        else:
            candidates = self.near.query(signature, exclude=doc.doc_id)
            if candidates:
                match_id, similarity = candidates[0]
                method = "near"
        doc.matched_doc_id = match_id
        doc.similarity = similarity
        doc.dup_method = method
        doc.cluster_id = self.cluster_of.get(match_id, match_id) if match_id else doc.doc_id
        self.cluster_of[doc.doc_id] = doc.cluster_id
        if doc.text_hash:
            self.by_hash.setdefault(doc.text_hash, doc.doc_id)
        self.near.add(doc.doc_id, signature)


def fingerprint(docs: Sequence[Document]) -> dict[str, bytes]:
    """Fill each document's exact-duplicate hash and return its serialised MinHash signature."""
    signatures = {}
    for doc in docs:
        doc.text_hash = neardup.text_hash(doc.extraction_text)
        signatures[doc.doc_id] = neardup.signature_to_bytes(neardup.signature(doc.extraction_text))
    return signatures


def dedupe(docs: Sequence[Document], signatures: dict[str, bytes], index: DedupeIndex) -> int:
    """Cluster the batch against the index; spam pages stay out of clusters. Returns copies found."""
    copies = 0
    for doc in docs:
        if doc.quality.flag == "spam":
            doc.cluster_id = doc.doc_id
            continue
        index.assign(doc, neardup.signature_from_bytes(signatures[doc.doc_id]))
        copies += doc.matched_doc_id is not None
    return copies
