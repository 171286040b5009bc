"""Dedupe: put each new document in a cluster of copies, exact (same normalised text) or near.

The index holds every document already in the lake (built from stored signatures, never from
their texts) and grows document by document, so a run compares new pages against the whole lake
and against each other. A document joins the cluster of its best match (highest estimated
similarity, then the smaller doc_id), so the result does not depend on batch sizes or on whether
the earlier documents came from this run or from the lake. Clusters are never merged: a document
that resembles members of two clusters joins one, which keeps one loose chain of resemblances
from growing a cluster of unrelated stories. Which member is canonical is decided in SQL
(v_documents) from the members' publish time, length and first sighting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newslake.dedupe import neardup
from newslake.records import Document, KnownDocument

_EMPTY_TEXT_HASH = neardup.text_hash("")


class DedupeIndex:
    """Exact-hash and near-duplicate lookups over the lake, mapping documents to clusters.

    A plain class, not a dataclass, so that Prefect passes it to a task whole instead of walking
    its (lake-sized) contents looking for futures.
    """

    __slots__ = ("by_hash", "cluster_of", "members", "near")

    def __init__(self) -> None:
        self.by_hash: dict[str, str] = {}  # text_hash -> first doc_id
        self.cluster_of: dict[str, str] = {}  # doc_id -> cluster_id
        self.members: dict[str, int] = {}  # cluster_id -> documents in it
        self.near = neardup.NearDupIndex()

    @classmethod
    def from_known(cls, known: Iterable[KnownDocument]) -> DedupeIndex:
        """Build from the lake's stored hashes, clusters and signatures (no text is re-read)."""
        index = cls()
        ids: list[str] = []
        sigs: list[neardup.Signature] = []
        for doc in known:
            if doc.text_hash and doc.text_hash != _EMPTY_TEXT_HASH:
                index.by_hash.setdefault(doc.text_hash, doc.doc_id)
            index._join(doc.doc_id, doc.cluster_id)
            # A document without a usable signature (none stored, or made with other settings)
            # is found by exact hash only, until `newslake run --reprocess` signs it anew.
            if doc.signature is None:
                continue
            try:
                sigs.append(neardup.signature_from_bytes(doc.signature))
            except neardup.SchemeMismatch:
                continue
            ids.append(doc.doc_id)
        index.near.add_many(ids, sigs)
        return index

    def _join(self, doc_id: str, cluster_id: str) -> None:
        self.cluster_of[doc_id] = cluster_id
        self.members[cluster_id] = self.members.get(cluster_id, 0) + 1

    def _new_cluster(self, doc: Document) -> str:
        """A founder's cluster is named after it, unless that name is still in use by others
        (a founder whose page changed and no longer matches its old copies)."""
        if not self.members.get(doc.doc_id):
            return doc.doc_id
        return f"{doc.doc_id}.{(doc.text_hash or neardup.text_hash(doc.extraction_text))[:8]}"

    def assign(self, doc: Document, signature: neardup.Signature) -> None:
        """Set the document's cluster (its own for a new story) and remember it for later pages."""
        match_id, similarity, method = None, None, None
        keys = self.near.keys(signature)
        exact = None
        if doc.text_hash and doc.text_hash != _EMPTY_TEXT_HASH:
            exact = self.by_hash.get(doc.text_hash)
        if exact is not None and exact != doc.doc_id:
            match_id, similarity, method = exact, 1.0, "exact"
        else:
            candidates = self.near.query(signature, exclude=doc.doc_id, keys=keys)
            if candidates:
                match_id, similarity = candidates[0]
                method = "near"
        doc.matched_doc_id = match_id
        doc.similarity = similarity
        doc.dup_method = method
        if match_id is not None:
            doc.cluster_id = self.cluster_of.get(match_id, match_id)
        else:
            doc.cluster_id = self._new_cluster(doc)
        self._join(doc.doc_id, doc.cluster_id)
        if doc.text_hash and doc.text_hash != _EMPTY_TEXT_HASH:
            self.by_hash.setdefault(doc.text_hash, doc.doc_id)
        self.near.add(doc.doc_id, signature, keys)


def fingerprint(docs: Sequence[Document]) -> dict[str, bytes]:
    """Fill each document's exact-duplicate hash and return its serialised signature.

    Hashes the extraction text (spin-restored where a page was spun), so a spun copy is compared
    by what it says rather than by its substituted words.
    """
    texts = [doc.extraction_text for doc in docs]
    for doc, text in zip(docs, texts, strict=True):
        doc.text_hash = neardup.text_hash(text)
    sigs = neardup.signatures(texts)
    return {
        doc.doc_id: neardup.signature_to_bytes(sig) for doc, sig in zip(docs, sigs, strict=True)
    }


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
