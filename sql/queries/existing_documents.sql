-- How many of the batch's documents the lake already holds (their old rows must go first).
select count(*) from documents where doc_id in (select doc_id from batch_docs);
