package dev.goodhart.ingest.usage;

import com.fasterxml.jackson.annotation.JsonValue;

/** What started the AI call: a person, a schedule, or another agent. */
public enum Trigger {
    HUMAN,
    SCHEDULE,
    AGENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
