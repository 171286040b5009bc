-- For analysts: every non-canonical copy, the canonical document it repeats and how it was found.
create or replace view v_duplicates as
select
    d.doc_id,
    d.duplicate_of,
    coalesce(c.similarity, 1.0) as similarity,
    coalesce(c.method, 'exact') as method,
    c.matched_doc_id,
    d.url
from v_documents d
left join doc_clusters c using (doc_id)
where d.duplicate_of is not null;
