-- The facts step's input: every report of the keys waiting in facts_pending, from canonical
-- documents only, grouped by fact_id (columns: newslake.records.FactReport).
select
    i.fact_id, i.doc_id, i.seq, i.metric, i.region, i.period_start, i.period_end, i.kind,
    i.value, i.unit, i.value_text, i.qualifier, i.yoy_pct, i.share_pct, i.period_text,
    d.source, d.published_at
from indicators i
join v_documents d using (doc_id)
where d.duplicate_of is null
  and i.fact_id in (select fact_id from facts_pending)
order by i.fact_id, i.doc_id, i.seq;
