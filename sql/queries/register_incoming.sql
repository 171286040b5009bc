insert into pages_raw
    (location, sha256, bytes, content_type, declared_charset, seen_at, last_seen_at, run_id)
select location, sha256, size, content_type, declared_charset, seen_at, seen_at, $run_id
from incoming
where true
on conflict (location, sha256) do update set
    last_seen_at = greatest(pages_raw.last_seen_at, excluded.last_seen_at);
