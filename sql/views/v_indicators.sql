-- For analysts: one row per reported figure, from canonical documents only, with its sentence.
create or replace view v_indicators as
select
    i.doc_id,
    d.url,
    i.metric,
    i.region,
    i.period_start,
    i.period_end,
    i.period_text,
    i.value,
    i.unit,
    i.value_text,
    i.yoy_pct,
    i.share_pct,
    i.kind,
    i.sentence,
    i.qualifier,
    i.char_start,
    i.char_end,
    i.extractor_version,
    d.published_at,
    d.title,
    i.growth_pct,
    i.growth_basis,
    i.region_source,
    i.period_source,
    i.fact_id
from indicators i
join v_documents d using (doc_id)
where d.duplicate_of is null;
