-- Figures extracted from documents, replaced whole when a document is reprocessed.
create table if not exists indicators (
    doc_id            varchar not null,
    seq               integer not null,
    metric            varchar not null,
    region            varchar,
    period_start      date,
    period_end        date,
    period_text       varchar,
    value             double,
    unit              varchar,
    value_text        varchar,
    qualifier         varchar,
    yoy_pct           double,
    share_pct         double,
    kind              varchar not null,
    sentence          varchar,
    char_start        integer,
    char_end          integer,
    extractor_version varchar not null,
    primary key (doc_id, seq)
);
create table if not exists mentions (
    doc_id varchar not null,
    seq    integer not null,
    kind   varchar not null,
    name   varchar not null,
    role   varchar,
    primary key (doc_id, seq)
);
