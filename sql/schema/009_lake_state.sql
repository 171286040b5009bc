-- Bookkeeping of the lake itself, e.g. how far the raw-zone journal has been registered.
create table if not exists lake_state (
    key   varchar primary key,
    value varchar not null
);
