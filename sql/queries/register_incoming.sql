-- A version keeps the first time anyone saw it and the latest; run_id is the run that stored it;
-- mtime_ns is the file's as of the latest sighting.
insert into pages_raw
    (location, sha256, bytes, content_type, declared_charset, seen_at, last_seen_at, run_id,
     final_url, mtime_ns)
select
    location, sha256, size, content_type, declared_charset, seen_at, seen_at,
    coalesce(run_id, $run_id), final_url, mtime_ns
from incoming
where true
on conflict (location, sha256) do update set
    seen_at = least(pages_raw.seen_at, excluded.seen_at),
    last_seen_at = greatest(pages_raw.last_seen_at, excluded.last_seen_at),
    mtime_ns = case
        when excluded.last_seen_at >= pages_raw.last_seen_at then excluded.mtime_ns
        else pages_raw.mtime_ns
    end;
