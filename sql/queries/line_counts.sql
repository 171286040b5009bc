-- The boilerplate model at run start: pages per site, and pages per (site, line) for lines on at
-- least two pages, over the lake minus the documents this run is about to replace and minus what
-- an earlier attempt of this same run loaded, so that a retry sees the same model (and so the
-- same cache keys) as the attempt that failed.
with kept as (
    select l.site, l.line_key, l.doc_id
    from doc_lines l
    join documents d using (doc_id)
    where d.location not in (select location from replaced)
      and d.run_id is distinct from $run_id
)
select site, null::bigint as line_key, count(distinct doc_id) as pages
from kept
group by site
union all
select site, line_key, count(*) as pages
from kept
group by site, line_key
having count(*) >= 2;
