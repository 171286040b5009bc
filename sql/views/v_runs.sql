-- For operators: every ingest run with its Prefect flow-run id, status and counts.
create or replace view v_runs as
select
    run_id,
    started_at,
    finished_at,
    status,
    pages_seen,
    pages_new,
    pages_changed,
    pages_unchanged,
    pages_rejected,
    documents,
    duplicates,
    indicators,
    mentions,
    flow_run_id,
    error
from runs;
