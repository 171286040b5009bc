-- What deduplication of new pages compares against: every non-spam document already in the lake
-- except those this run is about to replace.
select d.doc_id, d.text_hash, coalesce(c.cluster_id, d.doc_id) as cluster_id, s.signature
from documents d
left join doc_clusters c using (doc_id)
left join doc_signatures s using (doc_id)
left join doc_quality q using (doc_id)
where coalesce(q.flag, 'ok') <> 'spam'
  and d.location not in (select location from replaced)
order by d.first_seen_at, d.doc_id;
