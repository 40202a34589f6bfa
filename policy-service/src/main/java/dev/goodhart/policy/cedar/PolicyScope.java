package dev.goodhart.policy.cedar;

import java.util.HashSet;
import java.util.Set;

import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.goodhart.policy.cedar.PolicySchema.ActionInfo;

/**
 * What a policy's scope (the part in parentheses) says about the requests it can match, read from Cedar's JSON form of
 * the policy: the principal's and the resource's entity type, and the actions. Cedar evaluates the scope before the
 * conditions and stops there when it does not match, so a policy whose scope cannot match a request is neither
 * satisfied nor erroring for it — leaving it out of the evaluation changes nothing in the answer.
 *
 * <p>Only what can be decided without entity data narrows the scope: {@code principal in ...} (a hierarchy) matches
 * every type, an unexpected form matches everything. Over-including is always safe; {@link #mayMatch} never excludes a
 * policy that Cedar could satisfy.
 */
public record PolicyScope(String principalType, Set<String> actions, String resourceType) {

    /** A scope that may match any request. */
    public static final PolicyScope ANY = new PolicyScope(null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACTION_TYPE = "Action";

    /** The scope of a static policy, or {@link #ANY} when its JSON form cannot be read. */
    public static PolicyScope of(Policy policy) {
        try {
            JsonNode json = JSON.readTree(policy.toJson());
            return new PolicyScope(entityType(json.path("principal")), actions(json.path("action")),
                    entityType(json.path("resource")));
        } catch (InternalException | JsonProcessingException e) {
            return ANY;
        }
    }

    /**
     * Whether the policy could match a request with this principal type, action and resource type.
     *
     * @param action the requested action, with the groups it is in (for {@code action in Action::"group"})
     */
    public boolean mayMatch(String requestPrincipalType, ActionInfo action, String requestResourceType) {
        return (principalType == null || principalType.equals(requestPrincipalType))
                && (resourceType == null || resourceType.equals(requestResourceType))
                && (actions == null || actions.contains(action.name()) || action.groups().stream().anyMatch(actions::contains));
    }

    /** {@code == E} and {@code is T [in E]} fix the type; {@code in E} (a hierarchy) and no constraint do not. */
    private static String entityType(JsonNode constraint) {
        return switch (constraint.path("op").asText()) {
            case "==" -> textOrNull(constraint.path("entity").path("type"));
            case "is" -> textOrNull(constraint.path("entity_type"));
            default -> null;
        };
    }

    /** {@code == A}, {@code in A} and {@code in [A, B]} name actions (or groups); null means any action. */
    private static Set<String> actions(JsonNode constraint) {
        String op = constraint.path("op").asText();
        if (!"==".equals(op) && !"in".equals(op)) {
            return null;
        }
        Set<String> named = new HashSet<>();
        JsonNode single = constraint.path("entity");
        Iterable<JsonNode> entities = single.isObject() ? Set.of(single) : constraint.path("entities");
        for (JsonNode entity : entities) {
            if (!ACTION_TYPE.equals(entity.path("type").asText()) || !entity.path("id").isTextual()) {
                return null;
            }
            named.add(entity.path("id").asText());
        }
        return named.isEmpty() ? null : Set.copyOf(named);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
