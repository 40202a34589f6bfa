package dev.goodhart.policy.cedar;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.value.EntityUID;

import dev.goodhart.policy.cedar.CompiledPolicies.PolicyInfo;
import dev.goodhart.policy.cedar.PolicySchema.ActionInfo;

/**
 * Decides a request with Cedar, for both principals of a delegation: the agent, then the person it acts for. Allowed
 * only when both are permitted; approval is required when a permitting policy says so ({@code @approval("required")});
 * a deny says whether a forbid decided or no permit applied (Cedar answers both with an empty permit list); and any
 * evaluation error denies, naming the policy that failed (Cedar would skip it, and a skipped forbid would allow).
 */
public final class CedarAuthorizer {

    private final AuthorizationEngine engine;
    private final PolicySchema schema;

    public CedarAuthorizer(AuthorizationEngine engine, PolicySchema schema) {
        this.engine = engine;
        this.schema = schema;
    }

    public Verdict evaluate(LoadedPolicies policies, CedarRequest request) {
        CompiledPolicies compiled = policies.compiled();
        Result agent = authorize(policies, request.agent(), request);
        if (agent.failure() != null || !agent.errors().isEmpty()) {
            return error(agent);
        }
        if (!agent.allowed()) {
            return denied(compiled, agent, "agent " + request.agent().getId(), request);
        }
        Result person = authorize(policies, request.person(), request);
        if (person.failure() != null || !person.errors().isEmpty()) {
            return error(person);
        }
        if (!person.allowed()) {
            return denied(compiled, person, request.person().getId().toString(), request);
        }
        LinkedHashSet<String> permits = new LinkedHashSet<>(agent.determining());
        permits.addAll(person.determining());
        List<String> approvals = permits.stream().filter(id -> compiled.policy(id).approvalRequired()).toList();
        if (!approvals.isEmpty()) {
            return new Verdict(Verdict.APPROVAL_REQUIRED, Verdict.BASIS_APPROVAL_POLICY, List.copyOf(permits), reasons(compiled, approvals));
        }
        return new Verdict(Verdict.ALLOW, Verdict.BASIS_PERMIT, List.copyOf(permits), reasons(compiled, permits));
    }

    private record Result(boolean allowed, List<String> determining, List<String> errors, List<String> erroring,
            String failure) {
    }

    private Result authorize(LoadedPolicies policies, EntityUID principal, CedarRequest request) {
        // No schema and no request validation: CedarTranslator has checked the request against the schema (naming the
        // field at fault), written every value in Cedar's explicit JSON form and added the action's groups, so Cedar
        // parses nothing by the schema's types; doing it again on every call cost a fifth of each evaluation.
        ActionInfo action = schema.action(request.action().getId().toString()).orElseThrow(
                () -> new IllegalArgumentException("No action " + request.action() + " in the Cedar schema"));
        AuthorizationRequest query = new AuthorizationRequest(principal, request.action(), request.resource(),
                Optional.of(request.context()), Optional.empty(), false);
        AuthorizationResponse response;
        try {
            response = engine.isAuthorized(query, policies.forRequest(principal.getType().getBaseName(), action,
                    request.resource().getType().getBaseName()), request.entities());
        } catch (AuthException e) {
            return new Result(false, List.of(), List.of(), List.of(), e.getMessage());
        }
        if (response.success.isEmpty()) {
            String failure = response.errors.map(errors -> String.join("; ", errors.stream().map(e -> e.message).toList()))
                    .orElse("no answer");
            return new Result(false, List.of(), List.of(), List.of(), failure);
        }
        AuthorizationSuccessResponse success = response.success.get();
        List<String> errors = new ArrayList<>();
        List<String> erroring = new ArrayList<>();
        for (AuthorizationSuccessResponse.AuthorizationError error : success.getErrors()) {
            erroring.add(error.getPolicyId());
            errors.add("Evaluation error in policy " + error.getPolicyId() + ": " + message(error.getError()));
        }
        return new Result(success.isAllowed(), success.getReason().stream().sorted().toList(), errors, erroring, null);
    }

    private static Verdict error(Result result) {
        if (result.failure() != null) {
            return new Verdict(Verdict.ERROR, Verdict.BASIS_EVALUATION_ERROR, List.of(),
                    List.of("Cedar could not evaluate the request: " + result.failure()));
        }
        return new Verdict(Verdict.ERROR, Verdict.BASIS_EVALUATION_ERROR, List.copyOf(new LinkedHashSet<>(result.erroring())),
                result.errors());
    }

    private static Verdict denied(CompiledPolicies compiled, Result result, String principal, CedarRequest request) {
        if (!result.determining().isEmpty()) {
            return new Verdict(Verdict.DENY, Verdict.BASIS_FORBID, result.determining(), reasons(compiled, result.determining()));
        }
        return new Verdict(Verdict.DENY, Verdict.BASIS_DEFAULT_DENY, List.of(), List.of("No policy permits " + principal
                + " to " + request.action().getId() + " " + request.resource() + " (default deny)"));
    }

    private static List<String> reasons(CompiledPolicies compiled, Iterable<String> ids) {
        Set<String> reasons = new LinkedHashSet<>();
        for (String id : ids) {
            PolicyInfo info = compiled.policy(id);
            reasons.add(info == null ? id : info.reason());
        }
        return List.copyOf(reasons);
    }

    private static String message(DetailedError error) {
        return error.help.filter(help -> !help.isBlank()).map(help -> error.message + " (" + help + ")").orElse(error.message);
    }
}
