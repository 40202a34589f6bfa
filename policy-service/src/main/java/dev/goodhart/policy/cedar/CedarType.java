package dev.goodhart.policy.cedar;

import java.util.Map;

/** The type of an attribute or context field as the Cedar schema declares it. */
public sealed interface CedarType {

    enum Primitive implements CedarType {
        LONG, STRING, BOOL
    }

    /** A reference to an entity of the named type, written in JSON as the entity's id. */
    record EntityRef(String entityType) implements CedarType {
    }

    record SetOf(CedarType element) implements CedarType {
    }

    record RecordOf(Map<String, Attribute> attributes) implements CedarType {
    }

    /** An extension type such as {@code decimal}; only {@code decimal} can be written by callers. */
    record Extension(String name) implements CedarType {
    }

    record Attribute(CedarType type, boolean required) {
    }
}
