package dev.goodhart.policy.agent;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.policy.cedar.CedarTranslator;

/**
 * The agent registry: who owns an agent, how risky it is, its budgets, and the kill switch. Every decision reads the
 * agent's row, so a suspension takes effect on the agent's very next decision, on every instance.
 */
@ApplicationScoped
@Transactional
public class AgentService {

    public List<AgentView> list() {
        return RegisteredAgent.<RegisteredAgent> listAll(Sort.ascending("id")).stream()
                .map(AgentView::of).toList();
    }

    public AgentView get(String id) {
        return AgentView.of(find(id));
    }

    public AgentView register(String id, AgentRegistration registration, String actor) {
        RegisteredAgent agent = RegisteredAgent.<RegisteredAgent> findByIdOptional(id).orElseGet(() -> create(id, actor));
        agent.owner = CedarTranslator.normalisedEmail(registration.owner());
        agent.riskTier = registration.riskTier();
        agent.team = blankToNull(registration.team());
        agent.description = blankToNull(registration.description());
        touch(agent, actor);
        Log.infof("Agent %s registered (risk tier %s)", id, agent.riskTier);
        return AgentView.of(agent);
    }

    public AgentView setBudget(String id, BudgetRequest budget, String actor) {
        RegisteredAgent agent = find(id);
        if (!agent.registered()) {
            throw ProblemException.notFound("Agent " + id + " is not registered; register it before giving it a budget");
        }
        agent.dailyTokenBudget = budget.dailyTokens();
        agent.dailyCostBudgetUsd = budget.dailyCostUsd();
        touch(agent, actor);
        return AgentView.of(agent);
    }

    /** The kill switch: works for any agent id, registered or not. */
    public AgentView suspend(String id, String reason, String actor) {
        RegisteredAgent agent = RegisteredAgent.<RegisteredAgent> findByIdOptional(id).orElseGet(() -> create(id, actor));
        agent.suspended = true;
        agent.suspendedAt = Instant.now();
        agent.suspendedBy = actor;
        agent.suspensionReason = blankToNull(reason);
        touch(agent, actor);
        Log.warnf("Agent %s suspended", id);
        return AgentView.of(agent);
    }

    public AgentView resume(String id, String actor) {
        RegisteredAgent agent = find(id);
        if (agent.suspended) {
            agent.suspended = false;
            agent.suspendedAt = null;
            agent.suspendedBy = null;
            agent.suspensionReason = null;
            touch(agent, actor);
            Log.infof("Agent %s resumed", id);
        }
        return AgentView.of(agent);
    }

    private static RegisteredAgent create(String id, String actor) {
        RegisteredAgent agent = new RegisteredAgent();
        agent.id = id;
        agent.createdAt = Instant.now();
        touch(agent, actor);
        agent.persist();
        return agent;
    }

    private static void touch(RegisteredAgent agent, String actor) {
        agent.updatedAt = Instant.now();
        agent.updatedBy = actor;
    }

    private static RegisteredAgent find(String id) {
        return RegisteredAgent.<RegisteredAgent> findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("No agent " + id + " in the registry"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
