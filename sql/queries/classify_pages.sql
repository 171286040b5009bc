-- What each page a run stored was when the run saw it, judged against the versions first seen
-- before that moment, whichever run registered them: new, changed or unchanged.
with earlier as (
    select
        i.location,
        i.seen_at,
        bool_or(p.sha256 = i.sha256) as same_bytes,
        count(p.location) > 0 as known_location
    from seen i
    left join pages_raw p on p.location = i.location and p.seen_at < i.seen_at
    group by i.location, i.sha256, i.seen_at
)
select
    location,
    case
        when coalesce(same_bytes, false) then 'unchanged'
        when known_location then 'changed'
        else 'new'
    end as status
from earlier
order by seen_at, location;
