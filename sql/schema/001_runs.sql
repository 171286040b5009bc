-- One row per ingest run, written at its start and completed at its end.
create table if not exists runs (
    run_id          varchar primary key,
    flow_run_id     varchar,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    status          varchar not null,          -- running | completed | failed | crashed
    pages_seen      integer default 0,
    pages_new       integer default 0,
    pages_changed   integer default 0,
    pages_unchanged integer default 0,
    pages_rejected  integer default 0,
    documents       integer default 0,
    duplicates      integer default 0,
    indicators      integer default 0,
    mentions        integer default 0,
    error           varchar
);
