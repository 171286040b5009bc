-- Each journal entry against the versions registered before it: 'known' when this very sighting
-- is registered already (the journal was read again), else new, changed or unchanged.
select
    i.location,
    i.sha256,
    i.run_id,
    case
        when exists (
            select 1 from pages_raw p
            where p.location = i.location and p.sha256 = i.sha256 and p.last_seen_at >= i.seen_at
        ) then 'known'
        when exists (select 1 from pages_raw p where p.location = i.location and p.sha256 = i.sha256)
            then 'unchanged'
        when exists (select 1 from pages_raw p where p.location = i.location)
            then 'changed'
        else 'new'
    end as status
from incoming i;
