package dev.goodhart.ingest.ingest;

import java.lang.annotation.ElementType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.HibernateValidatorFactory;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.ProblemMappers;
import dev.goodhart.ingest.config.IngestConfig;

/** Checks every record type shares: the bean constraints, the time window, and what free attributes may hold. */
@ApplicationScoped
public class ItemChecks {

    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_ATTRIBUTE_KEY_LENGTH = 128;
    static final int MAX_ATTRIBUTE_STRING_LENGTH = 512;
    static final int MAX_ATTRIBUTE_ARRAY_LENGTH = 64;

    /**
     * Attribute names that carry conversation content in common telemetry conventions (OpenTelemetry GenAI, OpenLLMetry,
     * LangChain): refused, because raw prompts and outputs are never stored.
     */
    private static final Pattern CONTENT_KEY = Pattern.compile(
            "(?i)(^|[._])(prompt|prompts|completion|completions|output|outputs|input|inputs|messages|content"
                    + "|system_instructions)($|[._])");
    private static final Set<String> COUNT_LIKE_SUFFIXES = Set.of("tokens", "token_count", "count", "type", "id",
            "kind", "length", "fingerprint");

    private final Validator validator;
    private final IngestConfig config;

    public ItemChecks(ValidatorFactory validators, IngestConfig config) {
        // Request records are plain values, never JPA entities. With Hibernate ORM present the default resolver asks
        // JPA whether every property of every item is loaded (reflection per field), which was a fifth of the batch
        // write path's CPU.
        // Its answer never changes, so Hibernate Validator's per-validation cache of it (a map per item) is pure cost.
        this.validator = validators.unwrap(HibernateValidatorFactory.class).usingContext()
                .traversableResolver(new EveryPropertyReachable()).enableTraversableResolverResultCache(false)
                .getValidator();
        this.config = config;
    }

    /** Every property is validated and cascaded into (what the specification does when JPA is absent). */
    private static final class EveryPropertyReachable implements TraversableResolver {

        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBean, Path pathToProperty,
                ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBean, Path pathToProperty,
                ElementType elementType) {
            return true;
        }
    }

    /** The bean-validation constraints of a request record, each as a field error. */
    public void constraints(Object request, List<FieldError> errors) {
        validator.validate(request).forEach(violation -> errors.add(
                new FieldError(ProblemMappers.fieldPath(violation), violation.getMessage())));
    }

    /** Not further in the future than the allowed clock skew, not older than the retention period. */
    public void occurredAt(Instant occurredAt, Instant now, List<FieldError> errors) {
        if (occurredAt == null) {
            return;
        }
        if (occurredAt.isAfter(now.plus(config.futureSkew()))) {
            errors.add(new FieldError("occurredAt", "is more than " + config.futureSkew() + " in the future"));
        } else if (occurredAt.isBefore(now.minus(config.retention().maxAge()))) {
            errors.add(new FieldError("occurredAt", "is older than the retention period ("
                    + config.retention().maxAge().toDays() + " days)"));
        }
    }

    /**
     * Free attributes are small scalars (or short arrays of scalars) with harmless names: no nested documents and no
     * long texts, so that nobody stores prompts or outputs under another name.
     */
    public void attributes(Map<String, Object> attributes, List<FieldError> errors) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            errors.add(new FieldError("attributes", "at most " + MAX_ATTRIBUTES + " attributes"));
            return;
        }
        attributes.forEach((key, value) -> {
            String field = "attributes." + key;
            if (key.isBlank() || key.length() > MAX_ATTRIBUTE_KEY_LENGTH) {
                errors.add(new FieldError("attributes", "attribute names are 1 to " + MAX_ATTRIBUTE_KEY_LENGTH
                        + " characters"));
            } else if (carriesContent(key)) {
                errors.add(new FieldError(field, "looks like prompt or output content, which is never stored"));
            } else if (value instanceof List<?> list) {
                if (list.size() > MAX_ATTRIBUTE_ARRAY_LENGTH) {
                    errors.add(new FieldError(field, "at most " + MAX_ATTRIBUTE_ARRAY_LENGTH + " elements"));
                }
                list.forEach(element -> scalar(field, element, errors));
            } else {
                scalar(field, value, errors);
            }
        });
    }

    private static boolean carriesContent(String key) {
        if (!CONTENT_KEY.matcher(key).find()) {
            return false;
        }
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return COUNT_LIKE_SUFFIXES.stream().noneMatch(suffix -> lower.endsWith("." + suffix) || lower.endsWith("_" + suffix));
    }

    private static void scalar(String field, Object value, List<FieldError> errors) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            errors.add(new FieldError(field, "must be a string, number, boolean or null (or an array of them)"));
        } else if (value instanceof String text && text.length() > MAX_ATTRIBUTE_STRING_LENGTH) {
            errors.add(new FieldError(field, "at most " + MAX_ATTRIBUTE_STRING_LENGTH + " characters"));
        }
    }
}
