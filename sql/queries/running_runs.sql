-- Runs still marked running (one of them may be the caller's own).
select run_id from runs where status = 'running' order by started_at;
