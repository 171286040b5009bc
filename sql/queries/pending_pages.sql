-- The current version of each location that still needs processing (all of them on reprocess);
-- a retryable reject (a page a batch skipped) does not hold a page back.
with latest as (
    select location, arg_max(sha256, last_seen_at) as sha256
    from pages_raw
    group by location
)
select
    p.location, p.sha256, p.bytes as size, p.seen_at, p.content_type, p.declared_charset,
    p.run_id
from pages_raw p
join latest using (location, sha256)
where $reprocess
   or (
        not exists (
            select 1 from documents d where d.location = p.location and d.raw_sha256 = p.sha256
        )
        and not exists (
            select 1 from rejects r
            where r.location = p.location and r.sha256 = p.sha256 and not coalesce(r.retryable, false)
        )
   )
order by p.seen_at, p.location;
