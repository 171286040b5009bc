-- Run report: the first figures from documents this run derived (canonical copies only).
select i.region, i.metric, i.period_text, i.value_text, i.unit, i.yoy_pct, i.kind, i.url
from v_indicators i
join documents d using (doc_id)
where d.run_id = $run_id
order by i.region nulls last, i.metric, i.period_start nulls last
limit 50;
