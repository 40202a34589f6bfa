package dev.goodhart.policy.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.common.security.Roles;
import dev.goodhart.policy.identity.Caller;

/**
 * Approvals: who may see and decide them, and their use by exactly the request they were given for. The person acted
 * for (employee role, their token's e-mail) decides approvals made on their behalf; a policy admin decides any; an
 * agent sees only its own.
 */
@ApplicationScoped
@Transactional
public class ApprovalService {

    /** Why an approval cannot turn an approval_required verdict into allow (or that it can). */
    public enum Redemption {
        GRANTED, NOT_FOUND, NOT_THIS_REQUEST, PENDING, REJECTED, EXPIRED, USED
    }

    public record Check(Redemption redemption, Approval approval) {
    }

    public ApprovalView get(UUID id, Caller caller) {
        Approval approval = find(id);
        if (!maySee(approval, caller)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This approval concerns another person or agent");
        }
        return ApprovalView.of(approval, Instant.now());
    }

    /** Approvals the caller may see, newest first; {@code status} filters by state. */
    public List<ApprovalView> list(Caller caller, String status, int limit) {
        Instant now = Instant.now();
        List<String> clauses = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (!caller.hasRole(Roles.POLICY_ADMIN)) {
            if (caller.hasRole(Roles.EMPLOYEE) && caller.email().isPresent()) {
                clauses.add("onBehalfOf = :person");
                parameters.put("person", caller.email().get());
            } else if (caller.hasRole(Roles.AGENT)) {
                clauses.add("agent = :agent");
                parameters.put("agent", caller.agentId());
            } else {
                throw new ProblemException(ProblemType.FORBIDDEN, "The token names no person (email claim) or agent");
            }
        }
        if (status != null) {
            clauses.add(switch (status) {
                case "pending" -> "status = 'pending' and usedAt is null and expiresAt > :now";
                case "approved" -> "status = 'approved' and usedAt is null and expiresAt > :now";
                case "rejected" -> "status = 'rejected'";
                case "expired" -> "status <> 'rejected' and usedAt is null and expiresAt <= :now";
                default -> "usedAt is not null";
            });
            if (!status.equals("rejected") && !status.equals("used")) {
                parameters.put("now", now);
            }
        }
        String query = clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
        return Approval.<Approval> find(query, Sort.descending("createdAt"), parameters).page(Page.ofSize(limit)).list()
                .stream().map(approval -> ApprovalView.of(approval, now)).toList();
    }

    public ApprovalView approve(UUID id, Caller caller, String comment) {
        return decide(id, caller, Approval.APPROVED, comment);
    }

    public ApprovalView reject(UUID id, Caller caller, String comment) {
        return decide(id, caller, Approval.REJECTED, comment);
    }

    private ApprovalView decide(UUID id, Caller caller, String status, String comment) {
        Approval approval = Approval.<Approval> findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("No approval " + id));
        boolean admin = caller.hasRole(Roles.POLICY_ADMIN);
        boolean own = caller.hasRole(Roles.EMPLOYEE) && caller.email().map(approval.onBehalfOf::equals).orElse(false);
        if (!admin && !own) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Only the person the agent acts for, or a policy admin, may decide this approval");
        }
        Instant now = Instant.now();
        String state = approval.state(now);
        if (!Approval.PENDING.equals(state)) {
            throw new ProblemException(ProblemType.CONFLICT, "The approval is " + state
                    + ("expired".equals(state) ? " (it expired at " + approval.expiresAt + ")" : "") + "; it can no longer be decided");
        }
        approval.status = status;
        approval.decidedBy = caller.name();
        approval.decidedAt = now;
        approval.comment = comment == null || comment.isBlank() ? null : comment.trim();
        Log.infof("Approval %s %s", id, status);
        return ApprovalView.of(approval, now);
    }

    /** Whether the approval can grant this exact request; does not use it up (see {@link #use}). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Check check(UUID id, String agent, String person, String action, String resourceType, String resourceId,
            String requestHash) {
        Approval approval = Approval.findById(id);
        if (approval == null) {
            return new Check(Redemption.NOT_FOUND, null);
        }
        if (!approval.agent.equals(agent) || !approval.onBehalfOf.equals(person) || !approval.action.equals(action)
                || !approval.resourceType.equals(resourceType) || !approval.resourceId.equals(resourceId)
                || !approval.requestHash.equals(requestHash)) {
            return new Check(Redemption.NOT_THIS_REQUEST, approval);
        }
        Redemption redemption = switch (approval.state(Instant.now())) {
            case "used" -> Redemption.USED;
            case Approval.REJECTED -> Redemption.REJECTED;
            case "expired" -> Redemption.EXPIRED;
            case Approval.PENDING -> Redemption.PENDING;
            default -> Redemption.GRANTED;
        };
        return new Check(redemption, approval);
    }

    /**
     * Uses the approval for one decision: an atomic conditional update, so that of two concurrent requests with the
     * same approval exactly one gets it. Committed before the decision is answered.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean use(UUID id, UUID decisionId) {
        Instant now = Instant.now();
        return Approval.update("usedAt = ?1, usedByDecision = ?2 where id = ?3 and status = 'approved' and usedAt is null"
                + " and expiresAt > ?1", now, decisionId, id) == 1;
    }

    private static boolean maySee(Approval approval, Caller caller) {
        if (caller.hasRole(Roles.POLICY_ADMIN)) {
            return true;
        }
        if (caller.hasRole(Roles.EMPLOYEE) && caller.email().map(approval.onBehalfOf::equals).orElse(false)) {
            return true;
        }
        return caller.hasRole(Roles.AGENT) && approval.agent.equals(caller.agentId());
    }

    private static Approval find(UUID id) {
        return Approval.<Approval> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No approval " + id));
    }
}
