-- Which named source of a sources file a fetched URL belongs to (files on disk have none).
create table if not exists page_sources (
    location   varchar primary key,
    source_key varchar not null,
    updated_at timestamptz not null
);
