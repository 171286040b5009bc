-- Where each figure's region and period came from (vocabularies in the README), so an analyst can
-- keep only directly stated bindings; added after 007.
alter table indicators add column if not exists region_source varchar;
alter table indicators add column if not exists period_source varchar;
