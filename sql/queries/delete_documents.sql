delete from indicators where doc_id in (select doc_id from batch_docs);
delete from mentions where doc_id in (select doc_id from batch_docs);
delete from doc_quality where doc_id in (select doc_id from batch_docs);
delete from doc_clusters where doc_id in (select doc_id from batch_docs);
delete from doc_signatures where doc_id in (select doc_id from batch_docs);
delete from doc_lines where doc_id in (select doc_id from batch_docs);
delete from documents where doc_id in (select doc_id from batch_docs);
