-- For analysts: one row per cleaned document; duplicate_of names the canonical copy of its cluster.
-- Canonical rule: earliest publish time, then the longest text, then the first seen, then doc_id.
create or replace view v_documents as
with members as (
    select
        d.*,
        coalesce(c.cluster_id, d.doc_id) as cluster_id,
        q.flag as quality_flag,
        s.source_key,
        p.final_url,
        -- the raw copy these rows were derived from failed its sha256 check since (v_rejects says why)
        exists (
            select 1 from rejects r
            where r.location = d.location and r.stage = 'raw' and r.sha256 = d.raw_sha256
        ) as raw_corrupt
    from documents d
    left join doc_clusters c using (doc_id)
    left join doc_quality q using (doc_id)
    left join page_sources s using (location)
    left join pages_raw p on p.location = d.location and p.sha256 = d.raw_sha256
    where coalesce(q.flag, 'ok') <> 'spam'
),
ranked as (
    select
        *,
        first_value(doc_id) over (
            partition by cluster_id
            order by published_at asc nulls last, text_chars desc, first_seen_at asc, doc_id asc
        ) as canonical_doc_id
    from members
)
select
    doc_id,
    location as url,
    title,
    published_at,
    source,
    author,
    text,
    original_script,
    case when canonical_doc_id <> doc_id then canonical_doc_id end as duplicate_of,
    editor,
    restored_text,
    cluster_id,
    quality_flag,
    source_key,
    encoding,
    first_seen_at,
    processed_at,
    raw_corrupt,
    final_url
from ranked;
