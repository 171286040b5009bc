insert into fetch_state (url, etag, last_modified, sha256, fetched_at)
select url, etag, last_modified, sha256, fetched_at from batch_validators
where true
on conflict (url) do update set
    etag = excluded.etag, last_modified = excluded.last_modified,
    sha256 = excluded.sha256, fetched_at = excluded.fetched_at;
