package dev.goodhart.policy.decision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.goodhart.policy.approval.ApprovalService;
import dev.goodhart.policy.audit.AuditContent;
import dev.goodhart.policy.audit.AuditWriter;
import dev.goodhart.policy.audit.PendingRecord;
import dev.goodhart.policy.budget.BudgetGuard;
import dev.goodhart.policy.budget.BudgetOutcome;
import dev.goodhart.policy.cedar.CedarAuthorizer;
import dev.goodhart.policy.cedar.CedarRequest;
import dev.goodhart.policy.cedar.CedarTranslator;
import dev.goodhart.policy.cedar.DecisionInput;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.Verdict;
import dev.goodhart.policy.config.PolicyConfig;
import dev.goodhart.policy.policy.ActivePolicies;
import dev.goodhart.policy.policy.PolicySetUnavailableException;

/**
 * Decides whether an agent may act, in this order: the request is checked against the Cedar schema (400 when it does
 * not fit); Cedar evaluates the agent and the person it acts for; a suspended agent is denied whatever the policies
 * say; an approval_required verdict becomes allow only with an approval given for exactly this request, used once;
 * an allow is checked against the agent's budget; and the decision is recorded in the audit log before it is answered.
 *
 * <p>Deliberately not {@code @Transactional}: the audit record is written by the group-commit writer, and a decision
 * waiting for it must not hold a database connection. The steps that change state (budget reservation, use of an
 * approval) commit on their own before the audit record, so a failure denies rather than allows.
 */
@ApplicationScoped
public class DecisionService {

    static final String AGENT_SUSPENDED = "agent_suspended";
    static final String APPROVAL_GRANTED = "approval_granted";
    private static final String NUL = String.valueOf((char) 0);

    private final DecisionSnapshotReader snapshots;
    private final CedarTranslator translator;
    private final CedarAuthorizer authorizer;
    private final ActivePolicies policies;
    private final ApprovalService approvals;
    private final BudgetGuard budgets;
    private final AuditWriter audit;
    private final PolicyConfig config;
    private final MeterRegistry metrics;

    public DecisionService(DecisionSnapshotReader snapshots, CedarTranslator translator, CedarAuthorizer authorizer,
            ActivePolicies policies, ApprovalService approvals, BudgetGuard budgets, AuditWriter audit, PolicyConfig config,
            MeterRegistry metrics) {
        this.snapshots = snapshots;
        this.translator = translator;
        this.authorizer = authorizer;
        this.policies = policies;
        this.approvals = approvals;
        this.budgets = budgets;
        this.audit = audit;
        this.config = config;
        this.metrics = metrics;
    }

    private record Outcome(String decision, String basis, List<String> policies, List<String> reasons, UUID approvalId,
            PendingRecord.NewApproval newApproval, Instant approvalExpiresAt) {

        Outcome(String decision, String basis, List<String> policies, List<String> reasons, UUID approvalId) {
            this(decision, basis, policies, reasons, approvalId, null, null);
        }
    }

    /**
     * Decides and records. No thread waits for the database meanwhile: the snapshot read and the audit write are
     * shared round trips (see {@link DecisionSnapshotReader} and {@link AuditWriter}) whose threads hand the decision
     * on when they return. It is evaluated on the caller's event loop, or on a worker thread when it needs a blocking
     * step (a budget, an approval to use, a policy set to load).
     *
     * @return completes once the audit record is durable; fails as the REST layer maps it (400 for a request that does
     *         not fit the schema, 503 when the database cannot be read or the record cannot be written)
     */
    public CompletionStage<DecisionResponse> decide(String agentId, DecisionRequest request) {
        Context context = Vertx.currentContext();
        Executor evaluating = context != null && Context.isOnEventLoopThread()
                ? task -> context.runOnContext(ignored -> task.run())
                : Infrastructure.getDefaultWorkerPool();
        return snapshots.read(agentId, request.action())
                .thenComposeAsync(snapshot -> evaluate(agentId, request, snapshot), evaluating)
                .thenCompose(this::record);
    }

    /** What a decision has to record and answer once its audit record is durable. */
    private record Decided(PendingRecord record, Outcome outcome, int policyVersion) {
    }

    private CompletionStage<Decided> evaluate(String agentId, DecisionRequest request, DecisionSnapshot snapshot) {
        boolean blockingSteps = snapshot.hasBudget() || request.approvalId() != null;
        if (!blockingSteps || BlockingOperationControl.isBlockingAllowed()) {
            try {
                return CompletableFuture.completedFuture(decideNow(agentId, request, snapshot));
            } catch (ActivePolicies.LoadingNeeded e) {
                // evaluated again below, where the set can be loaded; nothing has changed state yet
            }
        }
        return CompletableFuture.supplyAsync(() -> decideNow(agentId, request, snapshot), Infrastructure.getDefaultWorkerPool());
    }

    private Decided decideNow(String agentId, DecisionRequest request, DecisionSnapshot snapshot) {
        UUID decisionId = UUID.randomUUID();
        DecisionInput input = new DecisionInput(snapshot.agent(), CedarTranslator.normalisedEmail(request.onBehalfOf()),
                request.action(), new DecisionInput.Resource(request.resource().type(), request.resource().id(),
                        request.resource().attributes()),
                request.context(), snapshot.recent());
        CedarRequest cedar = translator.translate(input);

        Verdict verdict = evaluateActive(snapshot.activeVersion(), cedar);
        PendingRecord.ShadowOutcome shadow = evaluateShadow(snapshot.shadowId(), cedar);
        long tokens = longField(request.context(), "tokens");
        BigDecimal cost = decimalField(request.context(), "costUsd");

        Outcome outcome = resolve(decisionId, agentId, request, input, snapshot, verdict, tokens, cost);
        AuditContent content = new AuditContent(decisionId, agentId, input.onBehalfOf(), input.action(),
                input.resource().type(), input.resource().id(), outcome.decision(), outcome.basis(), verdict.outcome(),
                snapshot.activeVersion(), outcome.policies(), sanitised(outcome.reasons()), outcome.approvalId(),
                request.context() != null && request.context().has("tokens") ? tokens : null,
                request.context() != null && request.context().has("costUsd") ? cost : null,
                CanonicalDecision.request(input));
        return new Decided(new PendingRecord(content, outcome.newApproval(), shadow), outcome, snapshot.activeVersion());
    }

    private CompletionStage<DecisionResponse> record(Decided decided) {
        return audit.append(decided.record()).thenApply(sealed -> {
            Outcome outcome = decided.outcome();
            metrics.counter("goodhart.policy.decisions", "decision", outcome.decision(), "basis", outcome.basis()).increment();
            return new DecisionResponse(decided.record().content().decisionId(), outcome.decision(), outcome.basis(),
                    outcome.policies(), outcome.reasons(), decided.policyVersion(), outcome.approvalId(),
                    outcome.newApproval() != null ? sealed.recordedAt().plus(outcome.newApproval().validFor())
                            : outcome.approvalExpiresAt(),
                    sealed.recordedAt());
        });
    }

    private Verdict evaluateActive(int version, CedarRequest cedar) {
        LoadedPolicies active;
        try {
            active = policies.acquireActive(version);
        } catch (PolicySetUnavailableException e) {
            return new Verdict(Verdict.ERROR, Verdict.BASIS_EVALUATION_ERROR, List.of(), List.of(e.getMessage()));
        }
        try {
            return authorizer.evaluate(active, cedar);
        } finally {
            active.release();
        }
    }

    private PendingRecord.ShadowOutcome evaluateShadow(Integer shadowId, CedarRequest cedar) {
        LoadedPolicies shadow = policies.acquireShadow(shadowId);
        if (shadow == null) {
            return null;
        }
        try {
            Verdict verdict = authorizer.evaluate(shadow, cedar);
            return new PendingRecord.ShadowOutcome(shadowId, verdict.outcome(), verdict.policies(), sanitised(verdict.reasons()));
        } finally {
            shadow.release();
        }
    }

    private Outcome resolve(UUID decisionId, String agentId, DecisionRequest request, DecisionInput input,
            DecisionSnapshot snapshot, Verdict verdict, long tokens, BigDecimal cost) {
        if (snapshot.suspended()) {
            return deny(AGENT_SUSPENDED, List.of(), List.of(snapshot.suspension()), request.approvalId());
        }
        Outcome allowed;
        switch (verdict.outcome()) {
            case Verdict.ALLOW:
                allowed = new Outcome(Verdict.ALLOW, verdict.basis(), verdict.policies(), verdict.reasons(), null);
                break;
            case Verdict.APPROVAL_REQUIRED:
                if (request.approvalId() == null) {
                    UUID approvalId = UUID.randomUUID();
                    List<String> reasons = new ArrayList<>(verdict.reasons());
                    reasons.add("Waiting for " + input.onBehalfOf() + " or a policy admin to approve (POST /v1/approvals/"
                            + approvalId + "/approve); then ask again with this approvalId");
                    return new Outcome(Verdict.APPROVAL_REQUIRED, verdict.basis(), verdict.policies(), reasons, approvalId,
                            new PendingRecord.NewApproval(approvalId, config.approval().expiry(), CanonicalDecision.requestHash(agentId, input)),
                            null);
                }
                Outcome redeemed = redeem(agentId, request.approvalId(), input, verdict);
                if (!Verdict.ALLOW.equals(redeemed.decision())) {
                    return redeemed;
                }
                allowed = redeemed;
                break;
            default:
                return deny(verdict.basis(), verdict.policies(), verdict.reasons(), request.approvalId());
        }
        if (snapshot.hasBudget()) {
            BudgetOutcome budget = budgets.check(agentId, input.action(), tokens, cost, decisionId);
            if (!budget.allowed()) {
                return deny(budget.basis(), allowed.policies(), List.of(budget.reason()), allowed.approvalId());
            }
            if (budget.note() != null) {
                List<String> reasons = new ArrayList<>(allowed.reasons());
                reasons.add(budget.note());
                allowed = new Outcome(allowed.decision(), allowed.basis(), allowed.policies(), reasons, allowed.approvalId());
            }
        }
        if (allowed.approvalId() != null && !approvals.use(allowed.approvalId(), decisionId)) {
            return deny("approval_used", allowed.policies(), List.of("Approval " + allowed.approvalId()
                    + " was used by another decision a moment ago; an approval allows one request once"), allowed.approvalId());
        }
        return allowed;
    }

    /** An approval_required verdict with an approval id: allow only with an approval given for exactly this request. */
    private Outcome redeem(String agentId, UUID approvalId, DecisionInput input, Verdict verdict) {
        ApprovalService.Check check = approvals.check(approvalId, agentId, input.onBehalfOf(), input.action(),
                input.resource().type(), input.resource().id(), CanonicalDecision.requestHash(agentId, input));
        List<String> policies = verdict.policies();
        return switch (check.redemption()) {
            case GRANTED -> {
                List<String> reasons = new ArrayList<>(verdict.reasons());
                reasons.add("Approved by " + check.approval().decidedBy + " at " + check.approval().decidedAt);
                yield new Outcome(Verdict.ALLOW, APPROVAL_GRANTED, policies, reasons, approvalId);
            }
            case PENDING -> {
                List<String> reasons = new ArrayList<>(verdict.reasons());
                reasons.add("Approval " + approvalId + " is still waiting for " + input.onBehalfOf() + " or a policy admin");
                yield new Outcome(Verdict.APPROVAL_REQUIRED, "approval_pending", policies, reasons, approvalId, null,
                        check.approval().expiresAt);
            }
            case REJECTED -> deny("approval_rejected", policies, List.of("Approval " + approvalId + " was rejected by "
                    + check.approval().decidedBy + (check.approval().comment == null ? "" : ": " + check.approval().comment)),
                    approvalId);
            case EXPIRED -> deny("approval_expired", policies, List.of("Approval " + approvalId + " expired at "
                    + check.approval().expiresAt + "; ask again without approvalId for a new one"), approvalId);
            case USED -> deny("approval_used", policies, List.of("Approval " + approvalId
                    + " has been used already; an approval allows one request once"), approvalId);
            case NOT_THIS_REQUEST -> deny("approval_mismatch", policies, List.of("Approval " + approvalId
                    + " was not given for this request: agent, person, action, resource and context must be exactly "
                    + "those that were approved"), approvalId);
            default -> deny("approval_not_found", policies, List.of("No approval " + approvalId), null);
        };
    }

    private static Outcome deny(String basis, List<String> policies, List<String> reasons, UUID approvalId) {
        return new Outcome(Verdict.DENY, basis, policies, reasons, approvalId);
    }

    private static long longField(ObjectNode context, String field) {
        JsonNode node = context == null ? null : context.get(field);
        return node != null && node.canConvertToLong() ? Math.max(0, node.longValue()) : 0;
    }

    private static BigDecimal decimalField(ObjectNode context, String field) {
        JsonNode node = context == null ? null : context.get(field);
        if (node == null || node.isNull()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            return value.max(BigDecimal.ZERO);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    /** PostgreSQL text cannot hold NUL, which a Cedar string (an @reason) can: never let one fail the audit write. */
    private static List<String> sanitised(List<String> reasons) {
        return reasons.stream().map(reason -> reason.replace(NUL, "\\0")).toList();
    }
}
