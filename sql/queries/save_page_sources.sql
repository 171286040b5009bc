insert into page_sources (location, source_key, updated_at)
select location, source_key, updated_at from batch_page_sources
where true
on conflict (location) do update set
    source_key = excluded.source_key, updated_at = excluded.updated_at;
