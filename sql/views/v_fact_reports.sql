-- For analysts: who said what about a fact: one row per report (indicator row of a canonical
-- document), with whether it agrees with the fact's value and growth.
create or replace view v_fact_reports as
select
    r.fact_id,
    r.doc_id,
    d.location as url,
    d.source,
    d.published_at,
    i.value_text,
    i.value,
    i.yoy_pct,
    r.agrees,
    i.sentence,
    r.chosen,
    i.unit,
    i.qualifier,
    i.share_pct,
    i.period_text,
    d.title
from fact_reports r
join indicators i using (doc_id, seq)
join documents d using (doc_id);
