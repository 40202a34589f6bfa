-- Where scoring-service stands in ingest-service's feed; one row per feed it follows.
create table feed_cursor (
    feed            text primary key,
    position        text,
    events_applied  bigint      not null default 0,
    updated_at      timestamptz not null default now()
);
insert into feed_cursor (feed) values ('ingest');
