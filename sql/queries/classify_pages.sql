-- What each page a run stored was when the run saw it, judged against the versions first seen
-- before that moment, whichever run registered them: new, changed or unchanged.
select
    i.location,
    case
        when exists (
            select 1 from pages_raw p
            where p.location = i.location and p.sha256 = i.sha256 and p.seen_at < i.seen_at
        ) then 'unchanged'
        when exists (select 1 from pages_raw p where p.location = i.location and p.seen_at < i.seen_at)
            then 'changed'
        else 'new'
    end as status
from seen i
order by i.seen_at, i.location;
