delete from rejects where stage = $stage and location in (select location from repaired);
