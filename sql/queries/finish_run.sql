update runs set
    finished_at = $finished_at,
    status = $status,
    pages_seen = $pages_seen,
    pages_new = $pages_new,
    pages_changed = $pages_changed,
    pages_unchanged = $pages_unchanged,
    pages_rejected = $pages_rejected,
    documents = $documents,
    duplicates = $duplicates,
    indicators = $indicators,
    mentions = $mentions,
    error = $error
where run_id = $run_id;
