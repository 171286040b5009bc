-- For operators: pages that could not be read, fetched or cleaned, with the stage and the reason.
create or replace view v_rejects as
select location, stage, reason, seen_at, sha256, run_id, coalesce(retryable, false) as retryable
from rejects;
