-- The facts step's output: rewritten facts (new, changed; removed ones only go) with their
-- reports, the run's change log, and the keys settled. Unchanged facts are not touched.
delete from fact_reports where fact_id in (select fact_id from rewritten_facts);
delete from facts where fact_id in (select fact_id from rewritten_facts);
insert into facts by name select * from batch_facts;
insert into fact_reports by name select * from batch_fact_reports;
insert into fact_changes by name
select *, $run_id as run_id, $changed_at as changed_at from batch_fact_changes;
delete from facts_pending where fact_id in (select fact_id from settled_facts);
