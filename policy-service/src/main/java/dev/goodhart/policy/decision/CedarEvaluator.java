package dev.goodhart.policy.decision;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;

import dev.goodhart.policy.policy.PolicySetView;

/**
 * Evaluates requests with the official Cedar binding. Policies are named by their {@code @id} annotation (the binding
 * would call them policy0..N), and their {@code @reason} annotation becomes the human-readable reason.
 */
@ApplicationScoped
public class CedarEvaluator {

    private final AuthorizationEngine engine = new BasicAuthorizationEngine();

    private volatile CompiledPolicies compiled;

    public record Verdict(boolean allowed, List<String> policies, List<String> reasons) {
    }

    private record CompiledPolicies(int version, PolicySet policySet, Map<String, String> reasons) {
    }

    public Verdict evaluate(PolicySetView active, String agent, String person, DecisionRequest request) {
        CompiledPolicies policies = compiledFor(active);
        EntityUID principal = uid("Agent", agent);
        EntityUID action = uid("Action", request.action());
        Map<String, Value> resourceAttributes = new HashMap<>();
        if (request.resource().attributes() != null) {
            request.resource().attributes().forEach((name, value) -> resourceAttributes.put(name, new PrimString(value)));
        }
        Entity resource = new Entity(uid(request.resource().type(), request.resource().id()), resourceAttributes, Set.of());
        Entity user = new Entity(uid("User", person));
        Map<String, Value> context = Map.of("onBehalfOf", user.getEUID());
        try {
            AuthorizationResponse response = engine.isAuthorized(
                    new AuthorizationRequest(principal, action, resource.getEUID(), context),
                    policies.policySet(), Set.of(new Entity(principal), resource, user));
            if (response.success.isEmpty()) {
                String errors = response.errors.map(list -> list.stream().map(Object::toString)
                        .collect(Collectors.joining("; "))).orElse("unknown error");
                return new Verdict(false, List.of(), List.of("Evaluation failed: " + errors));
            }
            AuthorizationSuccessResponse success = response.success.get();
            List<String> determining = success.getReason().stream().sorted().toList();
            List<String> reasons = determining.stream()
                    .map(id -> policies.reasons().getOrDefault(id, id))
                    .toList();
            if (!success.isAllowed() && determining.isEmpty()) {
                reasons = List.of("No policy permits " + request.action() + " on " + request.resource().type()
                        + " (default deny)");
            }
            return new Verdict(success.isAllowed(), determining, reasons);
        } catch (AuthException e) {
            return new Verdict(false, List.of(), List.of("Evaluation failed: " + e.getMessage()));
        }
    }

    private CompiledPolicies compiledFor(PolicySetView active) {
        CompiledPolicies current = compiled;
        if (current == null || current.version() != active.version()) {
            current = compile(active);
            compiled = current;
        }
        return current;
    }

    private static CompiledPolicies compile(PolicySetView active) {
        try {
            PolicySet parsed = PolicySet.parsePolicies(active.source());
            Set<Policy> named = new java.util.LinkedHashSet<>();
            Map<String, String> reasons = new LinkedHashMap<>();
            for (Policy policy : parsed.policies) {
                Map<String, String> annotations = policy.getAnnotations();
                String id = annotations.getOrDefault("id", policy.getID());
                named.add(new Policy(policy.getSource(), id));
                reasons.put(id, annotations.getOrDefault("reason", id));
            }
            return new CompiledPolicies(active.version(), new PolicySet(named), reasons);
        } catch (InternalException e) {
            throw new IllegalStateException("Active policy set version " + active.version() + " does not parse", e);
        }
    }

    private static EntityUID uid(String type, String id) {
        EntityTypeName typeName = EntityTypeName.parse(type)
                .orElseThrow(() -> new IllegalArgumentException("Not a Cedar type name: " + type));
        return new EntityUID(typeName, id);
    }
}
