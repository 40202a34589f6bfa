-- What one decision needs from the database (dev.goodhart.policy.decision.DecisionSnapshotReader), for several
-- decisions at once: the active policy version, the running shadow set, each agent's registry row and its allowed
-- decisions for the action in the last hour and today.
--
-- A function rather than a prepared statement: PostgreSQL judges this query's custom plans cheaper than its generic
-- one and so planned it anew on every execution (a fifth of its CPU under load). In PL/pgSQL with
-- plan_cache_mode = force_generic_plan it is planned once per connection; the setting applies inside the function only.
create function decision_snapshot(agents text[], actions text[], hour_ago timestamptz, midnight timestamptz)
    returns table (agent text, action text, active_version integer, shadow_id integer, owner text, risk_tier text,
                   team text, suspended boolean, suspended_by text, suspended_at timestamptz,
                   suspension_reason text, has_budget boolean, last_hour bigint, today bigint)
    language plpgsql stable
    set plan_cache_mode = force_generic_plan
as $fn$
#variable_conflict use_column
begin
    return query
    with asked (agent, action) as (select * from unnest(agents, actions))
    select asked.agent, asked.action,
           (select version from policy_version where active),
           (select id from policy_shadow where running),
           a.owner, a.risk_tier, a.team, coalesce(a.suspended, false), a.suspended_by, a.suspended_at,
           a.suspension_reason, (a.daily_token_budget is not null or a.daily_cost_budget_usd is not null),
           coalesce(counts.last_hour, 0), coalesce(counts.today, 0)
    from asked
    left join agent a on a.id = asked.agent
    left join lateral (select sum(allowed) filter (where minute >= hour_ago) as last_hour,
                              sum(allowed) filter (where minute >= midnight) as today
                       from decision_count c
                       where c.agent = asked.agent and c.action = asked.action
                         and c.minute >= least(hour_ago, midnight)) counts on true;
end
$fn$;
