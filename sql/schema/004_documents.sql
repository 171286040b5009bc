-- One cleaned document per location; a changed page replaces its row (doc_id is stable per location).
create table if not exists documents (
    doc_id            varchar primary key,
    location          varchar not null unique,
    raw_sha256        varchar not null,
    first_seen_at     timestamptz not null,
    encoding          varchar,
    is_html           boolean,
    title             varchar,
    published_at      timestamp,
    source            varchar,
    author            varchar,
    editor            varchar,
    text              varchar not null,
    restored_text     varchar,
    original_script   varchar not null,
    text_hash         varchar not null,
    text_chars        integer not null,
    extractor_version varchar not null,
    run_id            varchar,
    processed_at      timestamptz not null
);
