-- The event store: usage and outcome events in tables partitioned by month of occurred_at (retention drops whole
-- partitions), one id table that deduplicates across partitions, and the columns that order the feed.
--
-- Feed order: every row records the id of the transaction that inserted it (xact_id) and a number from one sequence
-- shared by all record types (seq). The feed serves only rows whose transaction is older than the oldest transaction
-- still running (pg_snapshot_xmin), in (xact_id, seq) order, so a transaction that commits late can never slip in
-- behind a cursor that has already moved past it.

create sequence feed_seq;

-- Creates the month partition of a parent table if it does not exist yet. Names are <parent>_yYYYYmMM; the bounds are
-- UTC months. Callers serialise with an advisory lock (PartitionMaintenance).
create function ensure_month_partition(parent text, month_start date) returns boolean
language plpgsql as $$
declare
    partition_name text := parent || '_' || to_char(month_start, '"y"YYYY"m"MM');
begin
    if to_regclass(partition_name) is not null then
        return false;
    end if;
    execute format('create table %I partition of %I for values from (%L) to (%L)',
                   partition_name, parent,
                   month_start::timestamp at time zone 'UTC',
                   (month_start + interval '1 month')::timestamp at time zone 'UTC');
    return true;
end;
$$;

-- One row per retained event id and type: a partitioned table's unique index must contain the partition key, which
-- would let a retry with another occurredAt count twice, so uniqueness lives here. Pruned with the partitions.
create table event_key (
    type         text        not null,
    event_id     text        not null,
    occurred_at  timestamptz not null,
    primary key (type, event_id)
);
-- BRIN: ids arrive roughly in time order, so a block-range index serves retention's range deletes at almost no
-- cost to the write path.
create index event_key_occurred_at on event_key using brin (occurred_at);

alter table usage_event rename to usage_event_v1;
alter index usage_event_pkey rename to usage_event_v1_pkey;
alter index usage_event_event_id_unique rename to usage_event_v1_event_id_unique;

-- Person identifiers are keyed hashes; prompts and outputs only ever arrive here as 64-bit SimHash fingerprints.
create table usage_event (
    seq                 bigint      not null default nextval('feed_seq'),
    xact_id             bigint      not null default (pg_current_xact_id()::text::bigint),
    event_id            text        not null,
    source              text        not null,
    occurred_at         timestamptz not null,
    received_at         timestamptz not null default now(),
    person_key          text        not null,
    team                text,
    agent               text,
    provider            text,
    model               text,
    operation           text,
    input_tokens        bigint      not null default 0,
    cache_read_tokens   bigint      not null default 0,
    cache_write_tokens  bigint      not null default 0,
    output_tokens       bigint      not null default 0,
    reasoning_tokens    bigint      not null default 0,
    cost_usd            numeric(18, 8),
    session_id          text,
    task_id             text,
    trace_id            text,
    trigger             text,
    artifact_kind       text,
    artifact_ref        text,
    prompt_fingerprint  text,
    output_fingerprint  text,
    attributes          jsonb       not null default '{}'::jsonb
) partition by range (occurred_at);
create index usage_event_feed_order on usage_event (xact_id, seq);

-- person_key is null only for context events without a single author (meeting_held).
create table outcome_event (
    seq          bigint      not null default nextval('feed_seq'),
    xact_id      bigint      not null default (pg_current_xact_id()::text::bigint),
    event_id     text        not null,
    source       text        not null,
    occurred_at  timestamptz not null,
    received_at  timestamptz not null default now(),
    person_key   text,
    team         text,
    kind         text        not null,
    ref          text,
    session_id   text,
    task_id      text,
    trace_id     text,
    attributes   jsonb       not null default '{}'::jsonb
) partition by range (occurred_at);
create index outcome_event_feed_order on outcome_event (xact_id, seq);

-- Keep what the foundation stored.
select ensure_month_partition('usage_event', month_start)
from (select distinct date_trunc('month', occurred_at at time zone 'UTC')::date as month_start from usage_event_v1) months;

insert into usage_event (event_id, source, occurred_at, received_at, person_key, team, agent, provider, model, operation,
                         input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd,
                         session_id, task_id, trace_id, trigger, artifact_kind, artifact_ref, prompt_fingerprint, attributes)
select event_id, 'native', occurred_at, received_at, person_key, team, agent, provider, model, operation,
       input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd,
       session_id, task_id, trace_id, trigger, artifact_kind, artifact_ref, prompt_fingerprint, attributes
from usage_event_v1
order by seq;

insert into event_key (type, event_id, occurred_at)
select 'usage', event_id, occurred_at from usage_event_v1;

drop table usage_event_v1;
