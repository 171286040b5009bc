-- Contract check (sql/views/contract.toml): values of a column that occur more than once.
select count(*) from (select "{column}" from {view} where "{column}" is not null group by 1 having count(*) > 1);
