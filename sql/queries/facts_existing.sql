-- The stored facts of the keys waiting in facts_pending, to tell new, changed and unchanged apart.
select
    p.fact_id, f.fingerprint, f.created_at, f.status, f.value, f.yoy_pct, f.fact_id is not null,
    f.metric, f.region, f.period_start, f.period_end, f.kind
from facts_pending p
left join facts f using (fact_id);
