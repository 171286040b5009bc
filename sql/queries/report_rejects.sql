-- Run report: the pages this run rejected, with the stage and the reason.
select location, stage, reason
from v_rejects
where run_id = $run_id
order by stage, location
limit 200;
