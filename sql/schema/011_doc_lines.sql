-- Each document's distinct line keys (tasks.boilerplate.line_key over its cleaned text before
-- boilerplate was stripped) and its site (the URL's host, or the folder of a file; not the
-- sources-file name). Per-site line frequencies are counted from here to find boilerplate; rows
-- are replaced with the document's other derived rows.
create table if not exists doc_lines (
    doc_id   varchar not null,
    site     varchar not null,
    line_key bigint  not null
);
