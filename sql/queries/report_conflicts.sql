-- Run report: the conflicts among the facts this run added or changed, with every report.
with conflicts as (
    select f.*
    from fact_changes c
    join v_facts f using (fact_id)
    where c.run_id = $run_id and c.change in ('new', 'changed') and f.status = 'conflict'
    order by f.metric, f.region nulls last, f.period_start nulls last
    limit 50
)
select
    f.fact_id, f.metric, f.region, f.period_label, f.period_text, f.kind, f.value_text,
    f.yoy_pct as fact_yoy_pct, r.source, r.published_at, r.value_text as reported,
    r.yoy_pct, r.agrees, r.url
from conflicts f
join v_fact_reports r using (fact_id)
order by f.metric, f.region nulls last, f.period_start nulls last, f.fact_id, r.agrees desc,
    r.published_at nulls last, r.doc_id;
