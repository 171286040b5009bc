-- A file's modification time (ns) when this version was read: with its size, a later run
-- recognises an unchanged file without reading or hashing it. NULL for fetched pages.
alter table pages_raw add column if not exists mtime_ns bigint;
