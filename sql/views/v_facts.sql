-- For analysts: one row per figure (metric, region, period, kind) settled from every canonical
-- document that reports it; status says whether those reports agree (rounding-aware).
create or replace view v_facts as
with periods as (
    select
        *,
        case
            when period_start is null or period_end is null then null
            when period_start = period_end then 'point'
            when period_start = make_date(year(period_start), 1, 1)
                and period_end = make_date(year(period_start), 12, 31) then 'year'
            when day(period_start) <> 1 or period_end <> last_day(period_end)
                or year(period_start) <> year(period_end) then 'other'
            when month(period_end) - month(period_start) = 5
                and month(period_start) in (1, 7) then 'half'
            when month(period_end) - month(period_start) = 2
                and month(period_start) in (1, 4, 7, 10) then 'quarter'
            when month(period_end) = month(period_start) then 'month'
            when month(period_start) = 1 then 'ytd_month'
            else 'other'
        end as granularity
    from facts
)
select
    fact_id,
    metric,
    region,
    period_start,
    period_end,
    kind,
    value,
    unit,
    yoy_pct,
    share_pct,
    status,
    n_documents,
    n_sources,
    first_reported_at,
    last_reported_at,
    value_text,
    period_text,
    granularity,
    case granularity
        when 'year' then strftime(period_start, '%Y')
        -- case, not if(): duckdb 2.0 stores if() as a function that 1.x readers do not have
        when 'half' then strftime(period_start, '%Y')
            || case when month(period_start) = 1 then '-H1' else '-H2' end
        when 'quarter' then strftime(period_start, '%Y') || '-Q' || quarter(period_start)::varchar
        when 'month' then strftime(period_start, '%Y-%m')
        when 'ytd_month' then strftime(period_start, '%Y-%m') || '/' || strftime(period_end, '%m')
        when 'point' then strftime(period_end, '%Y-%m-%d')
        else strftime(period_start, '%Y-%m-%d') || '/' || strftime(period_end, '%Y-%m-%d')
    end as period_label,
    n_reports,
    n_agreeing,
    updated_at
from periods;
