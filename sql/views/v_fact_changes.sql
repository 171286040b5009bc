-- For analysts following revisions: every change a run made to a fact (new, changed with the
-- values before, removed when its last report went away).
create or replace view v_fact_changes as
select
    run_id,
    changed_at,
    fact_id,
    change,
    metric,
    region,
    period_start,
    period_end,
    kind,
    status,
    value,
    yoy_pct,
    before_status,
    before_value,
    before_yoy_pct
from fact_changes;
