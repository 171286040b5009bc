"""Dedupe: exact and near copies of one story found across sites, scripts and reposts.

`neardup` holds the pure building blocks (normalised text, MinHash signatures, an LSH index);
`index` puts each new document into a cluster of its copies against the whole lake.
"""

from newslake.dedupe.index import DedupeIndex, dedupe, fingerprint

__all__ = ["DedupeIndex", "dedupe", "fingerprint"]
