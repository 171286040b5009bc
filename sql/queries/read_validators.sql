select url, etag, last_modified, sha256 from fetch_state
union all
-- URLs stored by a run that died before saving validators still count as known.
select distinct location, null, null, null from pages_raw
where (location like 'http://%' or location like 'https://%')
  and location not in (select url from fetch_state);
