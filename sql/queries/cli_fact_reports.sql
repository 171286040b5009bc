-- `newslake facts --conflicts`: the reports of the facts listed, agreeing ones first.
select fact_id, source, published_at, value_text, yoy_pct, agrees, url
from v_fact_reports
where fact_id in (select unnest($fact_ids))
order by fact_id, agrees desc, published_at nulls last, doc_id;
