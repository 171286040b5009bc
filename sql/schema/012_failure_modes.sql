-- Columns added after the first lakes were made (idempotent on old and new lakes alike):
-- where a fetched page's redirects ended, and rejects the next run tries again (pages a batch
-- skipped when its time budget ran out, not pages judged unusable).
alter table pages_raw add column if not exists final_url varchar;
alter table rejects add column if not exists retryable boolean default false;
