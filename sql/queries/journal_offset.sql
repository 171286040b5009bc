-- How far the raw-zone journal is registered, and a fingerprint of its bytes just before that.
select
    coalesce((select cast(value as bigint) from lake_state where key = 'journal_offset'), 0),
    (select value from lake_state where key = 'journal_tail');
