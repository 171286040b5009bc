-- `newslake facts`: facts filtered by metric, region, first year and status, in series order.
select
    fact_id, metric, region, period_label, period_text, granularity, period_start, period_end,
    kind, value, unit, value_text, yoy_pct, share_pct, status, n_documents, n_sources
from v_facts
where ($metric is null or metric = $metric)
  and ($region is null or region = $region)
  and ($since is null or year(period_start) >= $since)
  and (not $conflicts or status = 'conflict')
order by metric, region nulls last, kind, period_start nulls last, period_end;
