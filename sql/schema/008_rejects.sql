-- Pages that could not go further; one row per location and stage, updated when seen again.
create table if not exists rejects (
    location varchar not null,
    stage    varchar not null,
    reason   varchar not null,
    sha256   varchar,
    seen_at  timestamptz not null,
    run_id   varchar,
    primary key (location, stage)
);
