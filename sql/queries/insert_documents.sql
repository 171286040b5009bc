insert into documents select
    doc_id, location, raw_sha256,
    coalesce((select min(p.seen_at) from pages_raw p where p.location = b.location), b.seen_at),
    encoding, is_html, title, published_at, source, author, editor, text, restored_text,
    original_script, text_hash, text_chars, extractor_version, $run_id, $processed_at
from batch_docs b;
insert into doc_quality select * from batch_quality;
insert into doc_clusters select * from batch_clusters;
insert into doc_signatures select * from batch_signatures;
insert into indicators select * from batch_indicators;
insert into mentions select * from batch_mentions;
insert into doc_lines select doc_id, site, line_key from batch_lines;
update pages_raw set encoding = b.encoding
from batch_docs b
where pages_raw.location = b.location and pages_raw.sha256 = b.raw_sha256;
delete from rejects where location in (select location from batch_docs);
