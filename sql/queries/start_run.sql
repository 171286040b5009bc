insert into runs (run_id, flow_run_id, started_at, status)
values ($run_id, $flow_run_id, $started_at, 'running')
on conflict (run_id) do update set status = 'running', finished_at = null, error = null;
