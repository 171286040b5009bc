-- Run report: the facts this run added or changed, with their status and values before.
select
    c.change, f.metric, f.region, f.period_label, f.kind, f.value_text, f.unit, f.yoy_pct,
    f.status, f.n_documents, f.n_sources, c.before_status, c.before_value, c.before_yoy_pct,
    f.fact_id
from fact_changes c
join v_facts f using (fact_id)
where c.run_id = $run_id and c.change in ('new', 'changed')
order by f.status = 'conflict' desc, c.change desc, f.metric, f.region nulls last,
    f.period_start nulls last
limit 200;
