-- Scoring: what scoring-service keeps from ingest-service's feed, the weekly aggregates scorecards read, and flags.
-- The two event tables are written with COPY + set-based INSERT ... ON CONFLICT (see FeedApplier) and carry only the
-- indexes that the pipeline needs: every extra index costs ingest throughput on ten million rows.

alter table feed_cursor
    add column last_received_at timestamptz,
    add column duplicates       bigint      not null default 0,
    add column skipped          bigint      not null default 0,
    add column caught_up        boolean     not null default false,
    add column last_poll_at     timestamptz,
    add column last_error       text;

-- People by pseudonymous person key (never an e-mail); the integer id keeps the large tables narrow.
-- Directory fields come from the feed's "person" records; the newest receivedAt wins.
create table person (
    id                    integer generated always as identity primary key,
    person_key            text        not null unique,
    in_directory          boolean     not null default false,
    primary_team          text,
    teams                 text[]      not null default '{}',
    active                boolean     not null default true,
    directory_received_at timestamptz
);
create index person_directory_teams on person using gin (teams) where in_directory and active;

-- One row per usage event. Session, task and trace ids are kept as 64-bit keyed hashes (LinkKeys): scoring only ever
-- compares them for equality, and eight bytes scan faster than forty.
-- event_id is the key (idempotency) and compares bytewise (collation "C"): ids are opaque, so linguistic ordering would
-- only slow down the index every insert maintains. There is no surrogate key: rows are never updated or deleted in
-- place, so a scoring run refers to the rows it loaded by their physical address (ctid) for the few seconds until it
-- stores its flags (see ScoreWriter), and every insert maintains one index less.
create table usage_event (
    event_id           text collate "C" primary key,
    occurred_at        timestamptz   not null,
    received_at        timestamptz   not null,
    person_id          integer       not null,
    team               text,
    agent              text,
    trigger            text,
    tokens             bigint        not null,
    cost_usd           numeric(18, 8) not null,
    session_key        bigint,
    task_key           bigint,
    trace_key          bigint,
    artifact_kind      text,
    artifact_ref       text,
    prompt_fingerprint bigint
);
-- The feed arrives roughly in time order, so a BRIN index finds a week's rows at almost no cost per insert.
create index usage_event_occurred_at on usage_event using brin (occurred_at);
create index usage_event_agent on usage_event (agent, occurred_at) where agent is not null;

-- Outcomes and context events (meeting_held, unknown kinds).
create table outcome_event (
    id           bigint generated always as identity primary key,
    event_id     text collate "C" not null unique,
    occurred_at  timestamptz not null,
    received_at  timestamptz not null,
    person_id    integer,
    team         text,
    kind         text        not null,
    ref          text,
    session_key  bigint,
    task_key     bigint,
    trace_key    bigint
);
create index outcome_event_occurred_at on outcome_event (occurred_at);

-- Outcomes some usage event links to (insert-only: a link, once found, stays). Scoring adds each outcome's first link
-- to its week's linked_outcomes.
create table outcome_link (
    outcome_id bigint primary key
);

-- Weekly totals per person and team (week = Monday of the ISO week, UTC; team '' = the event named none), kept up to
-- date incrementally as pages are applied. Scorecards aggregate these, never the event tables.
create table person_week (
    team            text           not null,
    week            date           not null,
    person_id       integer        not null,
    usage_events    bigint         not null default 0,
    tokens          bigint         not null default 0,
    cost_usd        numeric(20, 8) not null default 0,
    outcomes        bigint         not null default 0,
    accepted        bigint         not null default 0,
    rejected        bigint         not null default 0,
    linked_outcomes bigint         not null default 0,
    primary key (team, week, person_id)
);
create index person_week_week on person_week (week);
create index person_week_person on person_week (person_id, week);

-- What the last scoring run of a week found per person and team: linked usage and usage inside flagged activity.
create table person_week_score (
    team           text    not null,
    week           date    not null,
    person_id      integer not null,
    linked_events  bigint  not null,
    linked_tokens  bigint  not null,
    flagged_tokens bigint  not null,
    primary key (team, week, person_id)
);
create index person_week_score_week on person_week_score (week);
create index person_week_score_person on person_week_score (person_id, week);

-- Agent spend per hour, for GET /v1/agents/{id}/spend (whole hours from here, the partial edges from usage_event).
create table agent_hour (
    agent    text           not null,
    hour     timestamptz    not null,
    events   bigint         not null,
    tokens   bigint         not null,
    cost_usd numeric(20, 8) not null,
    primary key (agent, hour)
);

-- Which weeks need scoring: new events bump dirty_version; a run records the version it saw and whether the week was
-- settled (its end plus the link window lies before the feed's watermark), which is when detectors may judge it.
create table scoring_week (
    week           date primary key,
    dirty_version  bigint not null default 1,
    scored_version bigint,
    settled        boolean not null default false,
    scored_at      timestamptz
);

create table flag (
    id          uuid primary key,
    detector    text        not null,
    week        date        not null,
    person_id   integer,
    agent       text,
    team        text,
    window_from timestamptz not null,
    window_to   timestamptz not null,
    detected_at timestamptz not null,
    events      integer     not null,
    tokens      bigint      not null,
    summary     text        not null,
    evidence    jsonb       not null
);
create index flag_week_team on flag (week, team);
create index flag_person on flag (person_id) where person_id is not null;
create index flag_agent on flag (agent) where agent is not null;
