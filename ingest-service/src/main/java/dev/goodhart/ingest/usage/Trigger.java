package dev.goodhart.ingest.usage;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What started the AI call: a person, a schedule, or another agent. */
@RegisterForReflection
public enum Trigger {
    HUMAN,
    SCHEDULE,
    AGENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
