-- What cleaning removed from each document and how far its text can be trusted.
create table if not exists doc_quality (
    doc_id        varchar primary key,
    chars_before  integer,
    chars_after   integer,
    lines_removed map(varchar, integer),
    spam_hits     integer,
    spam_score    double,
    spin_score    double,
    spin_restored integer,
    masked_words  integer,
    flag          varchar
);
