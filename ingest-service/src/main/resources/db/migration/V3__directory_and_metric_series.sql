-- The people directory (issue 4): who a person is, only as keyed hashes. A person's key is the keyed hash of their
-- primary e-mail address (the canonical key); every other identifier (GitHub login, employee id, other e-mails) maps
-- to it, so that events keyed by any of them are stored under the canonical key.
create table directory_person (
    person_key    text        primary key,
    primary_team  text,
    teams         text[]      not null default '{}',
    manager_key   text,
    active        boolean     not null default true,
    received_at   timestamptz not null default now(),
    -- Directory entries travel in the feed like events: a changed entry moves to the end of the feed again.
    seq           bigint      not null default nextval('feed_seq'),
    xact_id       bigint      not null default (pg_current_xact_id()::text::bigint)
);
create index directory_person_feed_order on directory_person (xact_id, seq);

-- Every insert and every update takes a new feed position and a new receivedAt, so the feed delivers the newest entry.
create function directory_person_feed_position() returns trigger
language plpgsql as $$
begin
    new.seq := nextval('feed_seq');
    new.xact_id := pg_current_xact_id()::text::bigint;
    new.received_at := now();
    return new;
end;
$$;
create trigger directory_person_feed_position before insert or update on directory_person
    for each row execute function directory_person_feed_position();

-- identifier_key: the keyed hash of an identifier other than the primary e-mail; kind says which (email, github_login,
-- employee_id). The identifiers themselves are never stored.
create table directory_identifier (
    identifier_key  text primary key,
    person_key      text not null references directory_person (person_key) on delete cascade,
    kind            text not null
);
create index directory_identifier_person on directory_identifier (person_key);

-- The last point of every cumulative OTLP metric series, so that cumulative values become deltas across requests,
-- counter resets and restarts of this service. series_key is a hash of the series identity (metric, resource and
-- point attributes); times are the points' Unix nanoseconds.
create table metric_series (
    series_key       text             primary key,
    start_unix_nano  bigint           not null,
    last_unix_nano   bigint           not null,
    last_value       double precision not null,
    last_count       bigint           not null,
    updated_at       timestamptz      not null default now()
);
create index metric_series_updated_at on metric_series (updated_at);
