-- A run whose process is gone without closing it: crashed, with what the lake holds of it.
-- finished_at is its last sign of life (the last row it wrote), or its start.
with done as (
    select
        (select count(*) from documents where run_id = $run_id) as documents,
        (select count(*) from indicators i join documents d using (doc_id) where d.run_id = $run_id)
            as indicators,
        (select count(*) from mentions m join documents d using (doc_id) where d.run_id = $run_id)
            as mentions,
        (select count(*) from rejects where run_id = $run_id) as pages_rejected,
        greatest(
            (select max(processed_at) from documents where run_id = $run_id),
            (select max(seen_at) from rejects where run_id = $run_id),
            (select max(last_seen_at) from pages_raw where run_id = $run_id)
        ) as last_seen
)
update runs set
    status = 'crashed',
    finished_at = greatest(coalesce(done.last_seen, runs.started_at), runs.started_at),
    documents = greatest(runs.documents, done.documents),
    indicators = greatest(runs.indicators, done.indicators),
    mentions = greatest(runs.mentions, done.mentions),
    pages_rejected = greatest(runs.pages_rejected, done.pages_rejected),
    error = $error
from done
where runs.run_id = $run_id and runs.status = 'running';
