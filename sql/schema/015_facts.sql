-- Facts: one row per (metric, region, period_start, period_end, kind) over canonical documents,
-- settled from its reports by newslake/facts and kept current by newslake/store/facts.py.
-- fact_id is a hash of the key; a NULL part is hashed as '-', a value as '=' || value, so a fact
-- whose period is unknown has an id of its own. The same key gets the same id in every lake.
create or replace macro fact_id_of(metric, region, period_start, period_end, kind) as
    left(md5(concat_ws('|',
        metric,
        coalesce('=' || region, '-'),
        coalesce('=' || strftime(period_start, '%Y-%m-%d'), '-'),
        coalesce('=' || strftime(period_end, '%Y-%m-%d'), '-'),
        kind)), 16);

alter table indicators add column if not exists fact_id varchar;

create table if not exists facts (
    fact_id           varchar primary key,
    metric            varchar not null,
    region            varchar,
    period_start      date,
    period_end        date,
    kind              varchar not null,
    value             double,
    unit              varchar,
    value_text        varchar,
    yoy_pct           double,
    share_pct         double,
    status            varchar not null,      -- single | agreed | conflict
    n_reports         integer not null,
    n_agreeing        integer not null,
    n_documents       integer not null,
    n_sources         integer not null,
    first_reported_at timestamp,
    last_reported_at  timestamp,
    period_text       varchar,
    fingerprint       varchar not null,      -- of the fact and its reports' verdicts: no change, no write
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    run_id            varchar                -- run that last wrote the row
);

-- One row per (fact, indicator row of a canonical document); replaced with its fact.
create table if not exists fact_reports (
    fact_id varchar not null,
    doc_id  varchar not null,
    seq     integer not null,
    agrees  boolean not null,
    chosen  boolean not null                 -- the report whose value the fact took
);

-- What each run did to the facts: new, changed (with the values before) and removed.
create table if not exists fact_changes (
    run_id         varchar not null,
    fact_id        varchar not null,
    change         varchar not null,         -- new | changed | removed
    metric         varchar not null,
    region         varchar,
    period_start   date,
    period_end     date,
    kind           varchar not null,
    status         varchar,
    value          double,
    yoy_pct        double,
    before_status  varchar,
    before_value   double,
    before_yoy_pct double,
    changed_at     timestamptz not null
);

-- Keys whose reports a load touched, waiting for the facts step (kept across a crash).
create table if not exists facts_pending (
    fact_id varchar primary key
);

-- Rows loaded before facts existed: give them their key, and settle their facts on the next run.
insert or ignore into facts_pending
select distinct fact_id_of(metric, region, period_start, period_end, kind)
from indicators
where fact_id is null;
update indicators set fact_id = fact_id_of(metric, region, period_start, period_end, kind)
where fact_id is null;
