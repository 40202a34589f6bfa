package dev.goodhart.policy.cedar;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.schema.Schema;
import com.fasterxml.jackson.databind.JsonNode;

import dev.goodhart.policy.cedar.CedarType.Attribute;
import dev.goodhart.policy.cedar.CedarType.RecordOf;

/**
 * The Cedar schema (parsed once and cached by the native library) and what policy-service reads from it: the attributes
 * of each entity type, and for each action the principal and resource types, the context fields and the annotations.
 * Requests are checked against this model before they reach Cedar, so that a bad request is a 400 naming the field.
 */
public final class PolicySchema {

    /** Action annotation that marks an action as high-risk (see goodhart.cedarschema). */
    public static final String RISK_ANNOTATION = "risk";
    private static final Set<String> EXTENSION_TYPES = Set.of("decimal", "ipaddr", "datetime", "duration");

    public record EntityTypeInfo(String name, RecordOf shape, Set<String> memberOf) {
    }

    /** An action; {@code groups} are the action groups it is in, directly or through other groups. */
    public record ActionInfo(String name, Set<String> principalTypes, Set<String> resourceTypes, RecordOf context,
            Map<String, String> annotations, Set<String> groups) {

        /** An action group (such as "read") has no principal or resource types: nobody asks for it directly. */
        public boolean isGroup() {
            return principalTypes.isEmpty() || resourceTypes.isEmpty();
        }

        public boolean isHighRisk() {
            return "high".equals(annotations.get(RISK_ANNOTATION));
        }
    }

    private final Schema cedarSchema;
    private final Map<String, EntityTypeInfo> entityTypes;
    private final Map<String, ActionInfo> actions;

    private PolicySchema(Schema cedarSchema, Map<String, EntityTypeInfo> entityTypes, Map<String, ActionInfo> actions) {
        this.cedarSchema = cedarSchema;
        this.entityTypes = entityTypes;
        this.actions = actions;
    }

    /**
     * Parses a schema in Cedar's human-readable format and caches it in the native library (the binding only takes its
     * fast path when both the policy set and the schema are cached).
     */
    public static PolicySchema parse(String cedarSchemaText) {
        try {
            Schema schema = Schema.parse(Schema.JsonOrCedar.Cedar, cedarSchemaText);
            JsonNode json = schema.toJsonFormat();
            if (json.size() != 1 || !json.has("")) {
                throw new IllegalArgumentException("The Cedar schema must not use namespaces");
            }
            JsonNode root = json.get("");
            Map<String, JsonNode> commonTypes = new LinkedHashMap<>();
            root.path("commonTypes").fields().forEachRemaining(e -> commonTypes.put(e.getKey(), e.getValue()));
            Set<String> entityNames = new HashSet<>();
            root.path("entityTypes").fieldNames().forEachRemaining(entityNames::add);
            TypeReader types = new TypeReader(commonTypes, entityNames);

            Map<String, EntityTypeInfo> entityTypes = new LinkedHashMap<>();
            root.path("entityTypes").fields().forEachRemaining(e -> {
                JsonNode shape = e.getValue().path("shape");
                RecordOf record = shape.isMissingNode() ? new RecordOf(Map.of()) : (RecordOf) types.read(shape);
                Set<String> memberOf = new HashSet<>();
                e.getValue().path("memberOfTypes").forEach(t -> memberOf.add(t.asText()));
                entityTypes.put(e.getKey(), new EntityTypeInfo(e.getKey(), record, Set.copyOf(memberOf)));
            });

            Map<String, Set<String>> parents = new LinkedHashMap<>();
            root.path("actions").fields().forEachRemaining(e -> {
                Set<String> direct = new HashSet<>();
                e.getValue().path("memberOf").forEach(group -> direct.add(group.path("id").asText()));
                parents.put(e.getKey(), direct);
            });
            Map<String, ActionInfo> actions = new LinkedHashMap<>();
            root.path("actions").fields().forEachRemaining(e -> {
                JsonNode appliesTo = e.getValue().path("appliesTo");
                Set<String> principals = new HashSet<>();
                appliesTo.path("principalTypes").forEach(t -> principals.add(t.asText()));
                Set<String> resources = new HashSet<>();
                appliesTo.path("resourceTypes").forEach(t -> resources.add(t.asText()));
                JsonNode context = appliesTo.path("context");
                RecordOf contextType = context.isMissingNode() ? new RecordOf(Map.of()) : (RecordOf) types.read(context);
                Map<String, String> annotations = new LinkedHashMap<>();
                e.getValue().path("annotations").fields().forEachRemaining(a -> annotations.put(a.getKey(), a.getValue().asText()));
                actions.put(e.getKey(), new ActionInfo(e.getKey(), Set.copyOf(principals), Set.copyOf(resources), contextType,
                        Collections.unmodifiableMap(annotations), groups(e.getKey(), parents)));
            });
            requireWhatPolicyServiceFillsIn(entityTypes, actions);
            schema.cache();
            return new PolicySchema(schema, Collections.unmodifiableMap(entityTypes), Collections.unmodifiableMap(actions));
        } catch (InternalException | CacheException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The Cedar schema is not valid: " + e.getMessage(), e);
        }
    }

    /** The groups an action is in, following memberOf through groups of groups (the schema forbids cycles). */
    private static Set<String> groups(String action, Map<String, Set<String>> parents) {
        Set<String> groups = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(parents.getOrDefault(action, Set.of()));
        while (!pending.isEmpty()) {
            String group = pending.pop();
            if (groups.add(group)) {
                pending.addAll(parents.getOrDefault(group, Set.of()));
            }
        }
        return Set.copyOf(groups);
    }

    /**
     * policy-service builds Agent, User and Team entities itself and evaluates every action for both principals, so a
     * schema (including one an operator supplies) must declare them the way it fills them in.
     */
    private static void requireWhatPolicyServiceFillsIn(Map<String, EntityTypeInfo> entityTypes, Map<String, ActionInfo> actions) {
        requireAttribute(entityTypes, "Agent", "registered", CedarType.Primitive.BOOL, true);
        requireAttribute(entityTypes, "Agent", "riskTier", CedarType.Primitive.STRING, true);
        requireAttribute(entityTypes, "Agent", "owner", new CedarType.EntityRef("User"), false);
        requireAttribute(entityTypes, "User", "email", CedarType.Primitive.STRING, true);
        requireAttribute(entityTypes, "User", "domain", CedarType.Primitive.STRING, true);
        requireAttribute(entityTypes, "User", "owner", new CedarType.EntityRef("User"), true);
        if (!entityTypes.containsKey("Team")) {
            throw new IllegalArgumentException("The Cedar schema must declare entity type Team");
        }
        for (ActionInfo action : actions.values()) {
            if (!action.isGroup() && !(action.principalTypes().contains("Agent") && action.principalTypes().contains("User"))) {
                throw new IllegalArgumentException("Action " + action.name()
                        + " must apply to principals Agent and User: every decision is evaluated for both");
            }
        }
    }

    private static void requireAttribute(Map<String, EntityTypeInfo> entityTypes, String entity, String name, CedarType type,
            boolean required) {
        EntityTypeInfo info = entityTypes.get(entity);
        Attribute attribute = info == null ? null : info.shape().attributes().get(name);
        if (attribute == null || !attribute.type().equals(type) || attribute.required() != required) {
            throw new IllegalArgumentException("The Cedar schema must declare " + entity + "." + name
                    + (required ? "" : "?") + " of type " + type);
        }
    }

    public Schema cedarSchema() {
        return cedarSchema;
    }

    public Optional<ActionInfo> action(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    public Optional<EntityTypeInfo> entityType(String name) {
        return Optional.ofNullable(entityTypes.get(name));
    }

    public Map<String, ActionInfo> actions() {
        return actions;
    }

    /** Reads the JSON form of schema types into {@link CedarType}s, resolving common types. */
    private record TypeReader(Map<String, JsonNode> commonTypes, Set<String> entityNames) {

        CedarType read(JsonNode node) {
            String kind = node.path("type").asText();
            String name = node.path("name").asText();
            return switch (kind) {
                case "Long" -> CedarType.Primitive.LONG;
                case "String" -> CedarType.Primitive.STRING;
                case "Boolean", "Bool" -> CedarType.Primitive.BOOL;
                case "Entity" -> new CedarType.EntityRef(name);
                case "Extension" -> new CedarType.Extension(name);
                case "Set" -> new CedarType.SetOf(read(node.path("element")));
                case "Record" -> {
                    Map<String, Attribute> attributes = new LinkedHashMap<>();
                    node.path("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(),
                            new Attribute(read(a.getValue()), a.getValue().path("required").asBoolean(true))));
                    yield new RecordOf(Collections.unmodifiableMap(attributes));
                }
                case "EntityOrCommon" -> named(name);
                default -> named(kind);
            };
        }

        private CedarType named(String name) {
            if (commonTypes.containsKey(name)) {
                return read(commonTypes.get(name));
            }
            if (entityNames.contains(name)) {
                return new CedarType.EntityRef(name);
            }
            if (EXTENSION_TYPES.contains(name)) {
                return new CedarType.Extension(name);
            }
            return switch (name) {
                case "Long" -> CedarType.Primitive.LONG;
                case "String" -> CedarType.Primitive.STRING;
                case "Bool", "Boolean" -> CedarType.Primitive.BOOL;
                default -> throw new IllegalArgumentException("Unknown type in the Cedar schema: " + name);
            };
        }
    }
}
