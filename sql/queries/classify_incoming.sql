-- New, changed or unchanged: judged against every version of the location seen before.
select
    i.location,
    i.sha256,
    case
        when exists (select 1 from pages_raw p where p.location = i.location and p.sha256 = i.sha256)
            then 'unchanged'
        when exists (select 1 from pages_raw p where p.location = i.location)
            then 'changed'
        else 'new'
    end as status
from incoming i;
