insert into rejects (location, stage, reason, sha256, seen_at, run_id, retryable)
select location, stage, reason, sha256, seen_at, $run_id, retryable from batch_rejects
where true
on conflict (location, stage) do update set
    reason = excluded.reason, sha256 = excluded.sha256, seen_at = excluded.seen_at,
    run_id = excluded.run_id, retryable = excluded.retryable;
