-- Run report: cleaning quality flags of the documents this run derived.
select q.flag, count(*) as documents, sum(q.spam_hits) as spam_terms,
       sum(q.spin_restored) as spin_restored, sum(q.masked_words) as masked_words
from doc_quality q
join documents d using (doc_id)
where d.run_id = $run_id
group by q.flag
order by documents desc;
