-- Immutable, numbered versions of the Cedar policy set; exactly one is active.
create table policy_version (
    version     integer primary key,
    source      text        not null,
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    active      boolean     not null default false
);
create unique index policy_version_one_active on policy_version (active) where active;

-- Every decision, recorded before it is answered.
create table decision (
    id              uuid primary key,
    decided_at      timestamptz not null default now(),
    agent           text        not null,
    on_behalf_of    text        not null,
    action          text        not null,
    resource_type   text        not null,
    resource_id     text        not null,
    outcome         text        not null,
    policy_version  integer     not null references policy_version (version),
    policies        text[]      not null,
    reasons         text[]      not null
);
create index decision_agent_time on decision (agent, decided_at);
