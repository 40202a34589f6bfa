-- The feed contract of issue 4 (docs/contracts.md): count-only usage samples and aggregated outcomes; and the
-- organisation's weekly totals, precomputed so that the organisation's scorecard reads a row per week.

-- A count-only sample (attributes."goodhart.tokens_reported" = false) is AI use without token counts: stored with
-- tokens and cost 0, it counts towards adoption and links like a call, but is never a call for the detectors.
alter table usage_event add column count_only boolean not null default false;

-- How many outcomes a record stands for (attributes.count, 1 when absent); rows stored before this knew none.
alter table outcome_event add column count integer not null default 1;

-- Whether a call (usage with token counts) links the outcome, or only count-only samples do. Per-token metrics divide
-- by the former only. Every link stored before count-only samples were told apart was made by calls.
alter table outcome_link add column by_call boolean not null default true;
alter table person_week add column call_linked_outcomes bigint not null default 0;
update person_week set call_linked_outcomes = linked_outcomes where linked_outcomes <> 0;

-- Bumped whenever directory records change who is a member of what, so that precomputed totals know they are stale.
alter table feed_cursor add column directory_version bigint not null default 0;

-- The organisation's totals per week, as ScorecardService would compute them from person_week, person_week_score and
-- the directory. A row is current while the week's dirty_version and the directory_version are the ones it was
-- computed at; every writer of those inputs either bumps one of the versions (FeedApplier) or recomputes the rows it
-- touched in its own transaction (ScoreWriter, under one advisory lock).
create table org_week (
    week                   date primary key,
    dirty_version          bigint         not null,
    directory_version      bigint         not null,
    seen_outside_directory integer        not null,
    ai_users               integer        not null,
    meaningful_users       integer        not null,
    outcome_people         integer        not null,
    reviewing_people       integer        not null,
    tokens                 bigint         not null,
    cost_usd               numeric(20, 8) not null,
    outcomes               bigint         not null,
    linked_outcomes        bigint         not null,
    call_linked_outcomes   bigint         not null,
    accepted               bigint         not null,
    rejected               bigint         not null,
    flagged_tokens         bigint         not null,
    computed_at            timestamptz    not null
);
