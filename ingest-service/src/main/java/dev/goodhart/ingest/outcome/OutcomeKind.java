package dev.goodhart.ingest.outcome;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What happened in the world; docs/contracts.md says how scoring-service counts each kind. */
@RegisterForReflection
public enum OutcomeKind {
    PR_MERGED,
    TICKET_RESOLVED,
    DOC_PUBLISHED,
    OUTPUT_ACCEPTED,
    OUTPUT_REJECTED,
    PR_APPROVED,
    PR_OPENED,
    COMMIT_CREATED,
    /** Context, not an outcome: a meeting that really took place ({@code ref} = {@code meeting:<id>}). */
    MEETING_HELD;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the event names the person it is about: everything but context events without a single author. */
    public boolean requiresPerson() {
        return this != MEETING_HELD;
    }
}
