-- Every write claims its ids in event_key's primary key, and in any locale but "C"/"POSIX" PostgreSQL compares text
-- through the locale's collation routines, which made comparing ids a sizeable part of inserting them. The key only
-- needs equality and some fixed order, so it compares bytes. Equality is unchanged (deterministic collations compare
-- equal only identical strings), so are the ids counted as duplicates. The table is not rewritten; its primary key is
-- rebuilt (under an exclusive lock: on a large store, expect ingest to pause for the time that takes).
alter table event_key
    alter column type type text collate "C",
    alter column event_id type text collate "C";
