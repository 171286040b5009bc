-- For analysts: people (with roles), organisations and places named in canonical documents.
create or replace view v_mentions as
select m.doc_id, m.kind, m.name, m.role
from mentions m
join v_documents d using (doc_id)
where d.duplicate_of is null;
