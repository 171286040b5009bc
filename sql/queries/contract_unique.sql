-- Contract check (sql/views/contract.toml): rows whose value of a column occurs more than once.
select coalesce(sum(n), 0)::bigint from (select count(*) as n from {view} where "{column}" is not null group by "{column}" having count(*) > 1);
