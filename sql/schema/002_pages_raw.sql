-- Every version of every page ever read or fetched; the bytes are in the raw zone under sha256.
create table if not exists pages_raw (
    location         varchar not null,       -- URL or absolute path
    sha256           varchar not null,
    bytes            bigint not null,
    encoding         varchar,                -- filled once the page is decoded
    content_type     varchar,
    declared_charset varchar,
    seen_at          timestamptz not null,   -- first time this version was seen
    last_seen_at     timestamptz not null,   -- latest run that saw this version
    run_id           varchar,
    primary key (location, sha256)
);
