-- Facts a batch touches, kept in facts_pending for the run's facts step: the keys of its
-- documents' rows and of every other member of their duplicate clusters (a new or changed copy can
-- change which member is canonical). Run before a batch's old rows go and after its new rows are in.
insert or ignore into facts_pending
select distinct i.fact_id
from indicators i
where i.fact_id is not null
  and i.doc_id in (
    select doc_id from batch_docs
    union all
    select c.doc_id
    from doc_clusters c
    where c.cluster_id in (
        select cluster_id from doc_clusters where doc_id in (select doc_id from batch_docs)
    )
  );
