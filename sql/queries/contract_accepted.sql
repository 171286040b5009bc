-- Contract check (sql/views/contract.toml): rows whose value is not one of the accepted ones.
select count(*) from {view} where "{column}" is not null and "{column}" not in (select unnest($accepted));
