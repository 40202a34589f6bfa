-- The full policy model: agent registry (owner, risk tier, suspension, budgets), activation history, shadow policy
-- sets, approvals, budget reservations, per-minute decision counts for rate limits, and the hash-chained audit log.
--
-- Migrations run as the database owner. The service itself may run as a separate, less privileged role: set
-- quarkus.flyway.placeholders.runtimeRole (README, "policy-service settings"); when that role exists and is not the
-- owner, this migration grants it exactly what the service needs and nothing that could change the audit log.

-- The foundation recorded unchained decisions in `decision`; the audit log below replaces it. Those rows came from
-- development stacks only (no release shipped them), so they are not carried into the chain.
drop table decision;

-- Who activated which policy version when: versions are immutable, activation (including rollback) is recorded here.
create table policy_activation (
    id            bigserial primary key,
    version       integer     not null references policy_version (version),
    activated_at  timestamptz not null default now(),
    activated_by  text        not null
);
insert into policy_activation (version, activated_at, activated_by)
select version, created_at, created_by from policy_version where active;

-- A candidate policy set evaluated beside the active one; answers never come from it. At most one is running.
create table policy_shadow (
    id          serial primary key,
    source      text        not null,
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    running     boolean     not null default true,
    stopped_at  timestamptz,
    -- decisions evaluated beside the active set while running
    compared    bigint      not null default 0
);
create unique index policy_shadow_one_running on policy_shadow (running) where running;

-- The agent registry. An agent is its OIDC client id. A row without owner is an unregistered agent that a policy admin
-- suspended (the kill switch works for any agent).
create table agent (
    id                     text primary key,
    owner                  text,
    risk_tier              text check (risk_tier in ('low', 'medium', 'high')),
    team                   text,
    description            text,
    suspended              boolean     not null default false,
    suspended_at           timestamptz,
    suspended_by           text,
    suspension_reason      text,
    daily_token_budget     bigint check (daily_token_budget >= 0),
    daily_cost_budget_usd  numeric(18, 4) check (daily_cost_budget_usd >= 0),
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    updated_by             text        not null,
    check ((owner is null) = (risk_tier is null))
);

-- Human approvals. Created in the same transaction as the audit record of the approval_required decision; used at
-- most once (used_at), by the exact request it was created for (request_hash).
create table approval (
    id                  uuid primary key,
    decision_id         uuid        not null,
    created_at          timestamptz not null,
    expires_at          timestamptz not null,
    agent               text        not null,
    on_behalf_of        text        not null,
    action              text        not null,
    resource_type       text        not null,
    resource_id         text        not null,
    request_hash        text        not null check (length(request_hash) = 64),
    status              text        not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    decided_by          text,
    decided_at          timestamptz,
    comment             text,
    used_at             timestamptz,
    used_by_decision    uuid
);
create index approval_person on approval (on_behalf_of, created_at);
create index approval_agent on approval (agent, created_at);

-- Tokens and cost of decisions this service allowed for agents with a budget, reserved under the agent's row lock.
-- They bridge the lag of scoring-service's spend (which is known up to its asOf).
create table budget_reservation (
    decision_id   uuid primary key,
    agent         text        not null,
    reserved_at   timestamptz not null,
    tokens        bigint      not null check (tokens >= 0),
    cost_usd      numeric(18, 4) not null check (cost_usd >= 0)
);
create index budget_reservation_agent_time on budget_reservation (agent, reserved_at);

-- Allowed decisions per agent, action and minute: context.recent.lastHour and context.recent.today come from here.
create table decision_count (
    agent    text        not null,
    action   text        not null,
    minute   timestamptz not null,
    allowed  integer     not null,
    primary key (agent, action, minute)
);

-- Disagreements between the active policy set and the running shadow candidate.
create table shadow_disagreement (
    id               bigserial primary key,
    shadow_id        integer     not null references policy_shadow (id),
    decision_id      uuid        not null,
    recorded_at      timestamptz not null,
    agent            text        not null,
    on_behalf_of     text        not null,
    action           text        not null,
    resource_type    text        not null,
    resource_id      text        not null,
    active_verdict   text        not null,
    active_policies  text[]      not null,
    shadow_verdict   text        not null,
    shadow_policies  text[]      not null,
    shadow_reasons   text[]      not null
);
create index shadow_disagreement_shadow on shadow_disagreement (shadow_id, id);

-- The audit log: every decision, append-only, each record chained to the previous one by SHA-256
-- (hash = SHA-256 over seq, time, the digest of the record's fields and prev_hash: dev.goodhart.policy.audit.ChainedRecord).
create table audit_record (
    seq             bigint primary key check (seq >= 1),
    decision_id     uuid        not null unique,
    recorded_at     timestamptz not null,
    agent           text        not null,
    on_behalf_of    text        not null,
    action          text        not null,
    resource_type   text        not null,
    resource_id     text        not null,
    decision        text        not null check (decision in ('allow', 'deny', 'approval_required')),
    basis           text        not null,
    verdict         text        not null,
    policy_version  integer     not null,
    policies        text[]      not null,
    reasons         text[]      not null,
    approval_id     uuid,
    tokens          bigint,
    cost_usd        numeric(18, 4),
    request         text        not null,
    prev_hash       text        not null check (length(prev_hash) = 64),
    hash            text        not null check (length(hash) = 64)
);
create index audit_record_agent_time on audit_record (agent, recorded_at);
create index audit_record_person_time on audit_record (on_behalf_of, recorded_at);
create index audit_record_time on audit_record (recorded_at);

-- Append-only, twice over: a trigger refuses every UPDATE, DELETE and TRUNCATE, whoever asks, and the privileges to
-- do so are revoked (from the owner too: it would have to grant them back and disable the trigger on purpose).
create function audit_record_is_append_only() returns trigger language plpgsql as $fn$
begin
    raise exception 'audit_record is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$fn$;
create trigger audit_record_no_update_or_delete before update or delete on audit_record
    for each row execute function audit_record_is_append_only();
create trigger audit_record_no_truncate before truncate on audit_record
    for each statement execute function audit_record_is_append_only();
revoke update, delete, truncate on audit_record from public;
revoke update, delete, truncate on audit_record from current_user;

do $grants$
declare
    runtime_role text := '${runtimeRole}';
begin
    if runtime_role <> '' and runtime_role <> current_user
            and exists (select 1 from pg_roles where rolname = runtime_role) then
        execute format('grant usage on schema %I to %I', current_schema(), runtime_role);
        execute format('grant select on policy_version to %I', runtime_role);
        execute format('grant insert on policy_version to %I', runtime_role);
        execute format('grant update (active) on policy_version to %I', runtime_role);
        execute format('grant select, insert on policy_activation to %I', runtime_role);
        execute format('grant select, insert, update on policy_shadow, agent, approval to %I', runtime_role);
        execute format('grant select, insert, delete on budget_reservation, decision_count to %I', runtime_role);
        execute format('grant update on decision_count to %I', runtime_role);
        execute format('grant select, insert on shadow_disagreement, audit_record to %I', runtime_role);
        execute format('grant usage on sequence policy_activation_id_seq, policy_shadow_id_seq, shadow_disagreement_id_seq to %I',
                runtime_role);
        -- Tables of later migrations get ordinary DML for the service; one that must be append-only revokes it.
        execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
                current_schema(), runtime_role);
        execute format('alter default privileges in schema %I grant usage on sequences to %I', current_schema(), runtime_role);
    end if;
end
$grants$;
