-- Files on disk with the size and mtime of their path's latest registered version: acquisition
-- skips reading and hashing them (as rsync and make do). A page whose raw copy was found missing
-- or corrupted is read again, so that storing its bytes anew repairs the copy.
with latest as (
    select location, bytes, mtime_ns
    from pages_raw
    where location in (select location from on_disk)
    qualify row_number() over (partition by location order by last_seen_at desc) = 1
)
select d.location
from on_disk d
join latest l on l.location = d.location and l.bytes = d.size and l.mtime_ns = d.mtime_ns
where not exists (select 1 from rejects r where r.location = d.location and r.stage = $raw_stage);
