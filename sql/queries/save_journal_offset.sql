insert into lake_state values ('journal_offset', cast($offset as varchar))
on conflict (key) do update set value = excluded.value;
insert into lake_state values ('journal_tail', $tail)
on conflict (key) do update set value = excluded.value;
