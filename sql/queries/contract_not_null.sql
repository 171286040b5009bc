-- Contract check (sql/views/contract.toml): rows where a column is NULL.
select count(*) from {view} where "{column}" is null;
