-- A batch's derived rows (Arrow tables named batch_*, columns = the record dataclasses' fields).
insert into documents by name
select
    * exclude (seen_at, text_hash, cluster_id, matched_doc_id, similarity, dup_method),
    coalesce((select min(p.seen_at) from pages_raw p where p.location = b.location), b.seen_at)
        as first_seen_at,
    coalesce(text_hash, '') as text_hash,
    $run_id as run_id,
    $processed_at as processed_at
from batch_docs b;
insert into doc_quality by name select * from batch_quality;
insert into doc_clusters by name
select doc_id, cluster_id, matched_doc_id, similarity, dup_method as method
from batch_docs
where cluster_id is not null;
insert into doc_signatures by name select * from batch_signatures;
insert into indicators by name
select *, fact_id_of(metric, region, period_start, period_end, kind) as fact_id
from batch_indicators;
insert into mentions by name select * from batch_mentions;
insert into doc_lines by name select * from batch_lines;
update pages_raw set encoding = b.encoding
from batch_docs b
where pages_raw.location = b.location and pages_raw.sha256 = b.raw_sha256;
delete from rejects where location in (select location from batch_docs);
