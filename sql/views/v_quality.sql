-- For analysts judging trust: what cleaning removed per document and a single quality flag.
create or replace view v_quality as
select
    d.doc_id,
    d.location as url,
    q.chars_before,
    q.chars_after,
    q.lines_removed,
    q.spam_hits,
    q.spam_score,
    q.spin_score,
    q.spin_restored,
    q.masked_words,
    q.pinyin_glosses,
    d.original_script,
    q.flag
from documents d
join doc_quality q using (doc_id);
