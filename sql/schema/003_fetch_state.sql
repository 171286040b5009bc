-- HTTP validators per URL, sent back as If-None-Match / If-Modified-Since on the next fetch.
create table if not exists fetch_state (
    url           varchar primary key,
    etag          varchar,
    last_modified varchar,
    sha256        varchar,
    fetched_at    timestamptz
);
