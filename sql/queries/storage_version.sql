-- The storage format of the database the connection opened, e.g. 'v1.4.0+'.
select tags['storage_version'] as storage_version
from duckdb_databases()
where database_name = current_database();
