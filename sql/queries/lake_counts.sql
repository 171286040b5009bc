select
    (select count(*) from v_documents) as documents,
    (select count(*) from v_documents where duplicate_of is null) as canonical_documents,
    (select count(*) from v_duplicates) as duplicates,
    (select count(*) from v_indicators) as indicators,
    (select count(*) from v_mentions) as mentions,
    (select count(*) from v_rejects) as rejects,
    (select count(*) from v_facts) as facts,
    (select count(*) from v_facts where status = 'agreed') as facts_agreed,
    (select count(*) from v_facts where status = 'conflict') as facts_conflict;
