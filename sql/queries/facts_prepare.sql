-- Facts made by other rules than the current ones ($version) are settled again: every key is
-- marked, then the version is saved. A no-op when the lake's facts are already of this version.
insert or ignore into facts_pending
select fact_id from facts
where (select value from lake_state where key = 'facts_version') is distinct from $version
union
select distinct fact_id from indicators
where fact_id is not null
  and (select value from lake_state where key = 'facts_version') is distinct from $version;
insert into lake_state
select 'facts_version', $version
where (select value from lake_state where key = 'facts_version') is distinct from $version
on conflict (key) do update set value = excluded.value;
select count(*) from facts_pending;
