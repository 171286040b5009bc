-- Pages whose raw copy was found missing or corrupted (a fresh copy of the bytes repairs them).
select location, sha256 from rejects where stage = $stage and sha256 is not null order by location;
