-- For analysts: facts as time series: per (metric, region, kind, granularity), ordered by period,
-- e.g. a city's quarterly GDP; facts whose period is unknown are left out.
create or replace view v_series as
select
    metric,
    region,
    kind,
    granularity,
    period_label,
    period_start,
    period_end,
    value,
    unit,
    yoy_pct,
    share_pct,
    status,
    fact_id,
    row_number() over (
        partition by metric, region, kind, granularity order by period_start, period_end
    ) as series_no,
    n_documents,
    n_sources
from v_facts
where period_start is not null and period_end is not null
order by metric, region nulls last, kind, granularity, period_start, period_end;
