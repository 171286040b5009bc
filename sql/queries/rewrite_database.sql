-- A logical copy of a lake into a new file in a storage format 1.x readers open (a byte copy
-- keeps the format). {source}, {target} and {version} are quoted literals.
attach {source} as rewrite_source (read_only);
attach {target} as rewrite_target (storage_version {version});
copy from database rewrite_source to rewrite_target;
detach rewrite_source;
detach rewrite_target;
