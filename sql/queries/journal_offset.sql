select coalesce(max(cast(value as bigint)), 0) from lake_state where key = 'journal_offset';
