"""The lake's store: the only way into DuckDB, one module per thing it keeps.

`connection` opens the file (schema, views, the lock); `runs`, `pages`, `documents`,
`fetch_state` and `reports` read and write what their names say, each call one short transaction,
with every statement kept in sql/queries/. Rows go in as Arrow tables built by `tables` from the
record dataclasses.
"""
