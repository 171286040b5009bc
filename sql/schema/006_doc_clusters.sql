-- Duplicate clusters: each document belongs to one; the canonical member is chosen in v_documents.
create table if not exists doc_clusters (
    doc_id         varchar primary key,
    cluster_id     varchar not null,
    matched_doc_id varchar,          -- the document it was found to duplicate, NULL for a cluster founder
    similarity     double,
    method         varchar           -- exact | near, NULL for a cluster founder
);
create table if not exists doc_signatures (
    doc_id    varchar primary key,
    signature blob not null           -- MinHash signature of the normalised text
);
