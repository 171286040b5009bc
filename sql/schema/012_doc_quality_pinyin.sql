-- Pinyin glosses removed from inside words (地區(qū)生產(chǎn)總值), per document; added after 005.
alter table doc_quality add column if not exists pinyin_glosses integer;
