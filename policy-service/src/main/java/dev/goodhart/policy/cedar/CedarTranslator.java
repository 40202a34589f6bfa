package dev.goodhart.policy.cedar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.DateTime;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.Duration;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.policy.cedar.CedarType.Attribute;
import dev.goodhart.policy.cedar.CedarType.RecordOf;
import dev.goodhart.policy.cedar.DecisionInput.AgentFacts;
import dev.goodhart.policy.cedar.PolicySchema.ActionInfo;
import dev.goodhart.policy.cedar.PolicySchema.EntityTypeInfo;

/**
 * Checks a {@link DecisionInput} against the schema and translates it for Cedar. Attribute and context values arrive as
 * JSON and are converted by the type the schema declares (an e-mail becomes a {@code User} reference, a number with
 * cents a {@code decimal}), so every mistake is reported with the path of the field in the API request.
 */
public final class CedarTranslator {

    public static final String AGENT = "Agent";
    public static final String USER = "User";
    public static final String TEAM = "Team";
    static final String ACTION = "Action";
    /** Context field that policy-service fills in itself; agents cannot send it. */
    public static final String RECENT = "recent";
    private static final BigDecimal DECIMAL_LIMIT = new BigDecimal("922337203685477.5807");

    private final PolicySchema schema;
    private final Map<String, EntityTypeName> typeNames = new ConcurrentHashMap<>();
    private final Map<String, Entity> actionEntities = new ConcurrentHashMap<>();

    public CedarTranslator(PolicySchema schema) {
        this.schema = schema;
    }

    public PolicySchema schema() {
        return schema;
    }

    /** @throws InvalidDecisionInputException naming every field that does not fit the schema */
    public CedarRequest translate(DecisionInput input) {
        List<FieldError> errors = new ArrayList<>();
        ActionInfo action = schema.action(input.action()).orElse(null);
        if (action == null || action.isGroup()) {
            errors.add(new FieldError("action", action == null
                    ? "no action " + input.action() + " in the Cedar schema; known: " + String.join(", ", knownActions())
                    : input.action() + " is an action group; ask for one of its actions"));
            throw new InvalidDecisionInputException(errors);
        }
        Map<EntityUID, Entity> entities = new LinkedHashMap<>();
        Set<EntityUID> referenced = new LinkedHashSet<>();

        EntityTypeInfo resourceType = schema.entityType(input.resource().type()).orElse(null);
        Map<String, Value> resourceAttributes = Map.of();
        if (resourceType == null || !action.resourceTypes().contains(resourceType.name())) {
            errors.add(new FieldError("resource.type", input.action() + " applies to " + String.join(", ",
                    action.resourceTypes().stream().sorted().toList()) + ", not " + input.resource().type()));
        } else {
            resourceAttributes = record(input.resource().attributes(), resourceType.shape(), "resource.attributes",
                    errors, referenced);
        }
        ObjectNode sentContext = input.context();
        if (sentContext != null && sentContext.has(RECENT)) {
            errors.add(new FieldError("context.recent", "is kept by policy-service from its own decisions; agents cannot send it"));
        }
        ObjectNode contextWithoutRecent = sentContext == null ? null : sentContext.deepCopy();
        if (contextWithoutRecent != null) {
            contextWithoutRecent.remove(RECENT);
        }
        Map<String, Attribute> contextFields = new LinkedHashMap<>(action.context().attributes());
        boolean schemaHasRecent = contextFields.remove(RECENT) != null;
        Map<String, Value> context = new HashMap<>(record(contextWithoutRecent, new RecordOf(contextFields), "context", errors,
                referenced));
        if (!errors.isEmpty()) {
            throw new InvalidDecisionInputException(errors);
        }
        if (schemaHasRecent) {
            context.put(RECENT, new CedarMap(Map.of(
                    "lastHour", new PrimLong(input.recent().lastHour()),
                    "today", new PrimLong(input.recent().today()))));
        }

        AgentFacts facts = input.agent();
        EntityUID agent = uid(AGENT, facts.id());
        Map<String, Value> agentAttributes = new HashMap<>();
        agentAttributes.put("registered", new PrimBool(facts.registered()));
        agentAttributes.put("riskTier", new PrimString(facts.riskTier()));
        Set<EntityUID> agentParents = new LinkedHashSet<>();
        if (facts.owner() != null) {
            EntityUID owner = uid(USER, facts.owner());
            agentAttributes.put("owner", owner);
            referenced.add(owner);
        }
        if (facts.team() != null) {
            EntityUID team = uid(TEAM, facts.team());
            agentParents.add(team);
            referenced.add(team);
        }
        entities.put(agent, new Entity(agent, agentAttributes, agentParents));

        EntityUID person = uid(USER, input.onBehalfOf());
        referenced.add(person);
        EntityUID resource = uid(input.resource().type(), input.resource().id());
        entities.put(resource, new Entity(resource, resourceAttributes, Set.of()));
        for (EntityUID reference : referenced) {
            if (!entities.containsKey(reference)) {
                Entity entity = referencedEntity(reference);
                if (entity != null) {
                    entities.put(reference, entity);
                }
            }
        }
        Entity actionEntity = actionEntities.computeIfAbsent(action.name(), name -> actionEntity(action));
        entities.put(actionEntity.getEUID(), actionEntity);
        return new CedarRequest(agent, person, actionEntity.getEUID(), resource, context, Set.copyOf(entities.values()));
    }

    /**
     * The action with every group it is in, from the schema: Cedar is not given the schema when it evaluates (parsing
     * the entities against it, and deriving every action of the schema as an entity, would be most of the work of a
     * call), so {@code action in Action::"read"} needs the action's groups among the entities.
     */
    private Entity actionEntity(ActionInfo action) {
        Set<EntityUID> groups = new LinkedHashSet<>();
        for (String group : action.groups()) {
            groups.add(uid(ACTION, group));
        }
        return new Entity(uid(ACTION, action.name()), Map.of(), groups);
    }

    /**
     * People are built from their e-mail address; teams and other attribute-less types need no data. Entities of other
     * types are left out: a policy that reads their attributes gets an evaluation error, which denies.
     */
    private Entity referencedEntity(EntityUID reference) {
        String type = reference.getType().getBaseName();
        String id = reference.getId().toString();
        if (USER.equals(type)) {
            return new Entity(reference, Map.of(
                    "email", new PrimString(id),
                    "domain", new PrimString(id.substring(id.indexOf('@') + 1)),
                    "owner", reference), Set.of());
        }
        EntityTypeInfo info = schema.entityType(type).orElse(null);
        if (info != null && info.shape().attributes().values().stream().noneMatch(Attribute::required)) {
            return new Entity(reference, Map.of(), Set.of());
        }
        return null;
    }

    private Map<String, Value> record(JsonNode node, RecordOf type, String path, List<FieldError> errors,
            Set<EntityUID> referenced) {
        Map<String, Value> values = new HashMap<>();
        if (node != null && !node.isNull() && !node.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return values;
        }
        if (node != null && !node.isNull()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                Attribute attribute = type.attributes().get(field.getKey());
                String fieldPath = path + "." + field.getKey();
                if (attribute == null) {
                    errors.add(new FieldError(fieldPath, "not declared in the Cedar schema; declared: "
                            + (type.attributes().isEmpty() ? "none" : String.join(", ", type.attributes().keySet()))));
                } else if (!field.getValue().isNull()) {
                    Value value = value(field.getValue(), attribute.type(), fieldPath, errors, referenced);
                    if (value != null) {
                        values.put(field.getKey(), value);
                    }
                }
            }
        }
        type.attributes().forEach((name, attribute) -> {
            if (attribute.required() && !values.containsKey(name) && !hasError(errors, path + "." + name)) {
                errors.add(new FieldError(path + "." + name, "is required by the Cedar schema"));
            }
        });
        return values;
    }

    private static boolean hasError(List<FieldError> errors, String path) {
        return errors.stream().anyMatch(error -> error.field().equals(path));
    }

    private Value value(JsonNode node, CedarType type, String path, List<FieldError> errors, Set<EntityUID> referenced) {
        if (type instanceof CedarType.Primitive primitive) {
            switch (primitive) {
                case LONG:
                    if (node.isIntegralNumber() && node.canConvertToLong()) {
                        return new PrimLong(node.longValue());
                    }
                    errors.add(new FieldError(path, "must be a whole number"));
                    return null;
                case STRING:
                    if (node.isTextual()) {
                        return new PrimString(node.textValue());
                    }
                    errors.add(new FieldError(path, "must be a string"));
                    return null;
                default:
                    if (node.isBoolean()) {
                        return new PrimBool(node.booleanValue());
                    }
                    errors.add(new FieldError(path, "must be true or false"));
                    return null;
            }
        }
        if (type instanceof CedarType.EntityRef ref) {
            if (!node.isTextual() || node.textValue().isBlank()) {
                errors.add(new FieldError(path, "must be the id of a " + ref.entityType()));
                return null;
            }
            String id = node.textValue();
            if (USER.equals(ref.entityType())) {
                id = normalisedEmail(id);
                if (id == null) {
                    errors.add(new FieldError(path, "must be the e-mail address of a User"));
                    return null;
                }
            }
            EntityUID uid = uid(ref.entityType(), id);
            referenced.add(uid);
            return uid;
        }
        if (type instanceof CedarType.SetOf set) {
            if (!node.isArray()) {
                errors.add(new FieldError(path, "must be an array"));
                return null;
            }
            List<Value> elements = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Value element = value(node.get(i), set.element(), path + "[" + i + "]", errors, referenced);
                if (element != null) {
                    elements.add(element);
                }
            }
            return new CedarList(elements);
        }
        if (type instanceof RecordOf record) {
            return new CedarMap(record(node, record, path, errors, referenced));
        }
        return extension(node, ((CedarType.Extension) type).name(), path, errors);
    }

    private static Value extension(JsonNode node, String name, String path, List<FieldError> errors) {
        try {
            if ("decimal".equals(name)) {
                BigDecimal number = node.isNumber() ? node.decimalValue()
                        : node.isTextual() ? new BigDecimal(node.textValue()) : null;
                if (number == null || number.stripTrailingZeros().scale() > 4 || number.abs().compareTo(DECIMAL_LIMIT) > 0) {
                    errors.add(new FieldError(path, "must be a decimal number with at most 4 digits after the point"));
                    return null;
                }
                // Cedar writes decimals with one to four digits after the point; trailing zeros beyond four are exact.
                return new Decimal(number.setScale(Math.min(4, Math.max(1, number.scale()))).toPlainString());
            }
            if (!node.isTextual()) {
                errors.add(new FieldError(path, "must be a string in Cedar's " + name + " format"));
                return null;
            }
            return switch (name) {
                case "ipaddr" -> new IpAddress(node.textValue());
                case "datetime" -> new DateTime(node.textValue());
                default -> new Duration(node.textValue());
            };
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(path, "is not a valid " + name));
            return null;
        }
    }

    /** Lower-cased, trimmed e-mail address, or null when the text is not one. */
    public static String normalisedEmail(String text) {
        String email = text.trim().toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        return at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1 && email.length() <= 320 ? email : null;
    }

    EntityUID uid(String type, String id) {
        EntityTypeName name = typeNames.computeIfAbsent(type, t -> EntityTypeName.parse(t)
                .orElseThrow(() -> new IllegalArgumentException("Not a Cedar type name: " + t)));
        return new EntityUID(name, id);
    }

    private List<String> knownActions() {
        return schema.actions().values().stream().filter(a -> !a.isGroup()).map(ActionInfo::name).sorted().toList();
    }
}
