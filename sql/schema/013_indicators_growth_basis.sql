-- Growth against a base other than the same period a year before (年均, 两年平均, 较2020年末),
-- kept apart from yoy_pct; added after 007.
alter table indicators add column if not exists growth_pct double;
alter table indicators add column if not exists growth_basis varchar;
