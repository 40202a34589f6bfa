package dev.goodhart.simulator;

import java.util.HashMap;
import java.util.Map;

import dev.goodhart.common.privacy.PersonKeys;

/**
 * Renders simulated records exactly as ingest-service's feed serves them (docs/contracts.md): people replaced by their
 * person key, teams resolved, {@code receivedAt} stamped, directory entries as {@code "type": "person"} records.
 */
public final class FeedFormat {

    private final PersonKeys personKeys;
    private final Map<String, String> keyByEmail = new HashMap<>();

    public FeedFormat(String pseudonymisationKey) {
        this.personKeys = new PersonKeys(pseudonymisationKey);
    }

    public String personKey(String email) {
        return keyByEmail.computeIfAbsent(email, personKeys::personKey);
    }

    void usage(StringBuilder out, SimEvent.Usage usage, long receivedAt) {
        Json json = new Json(out).begin()
                .field("type", "usage")
                .field("id", usage.id())
                .field("source", "simulator")
                .instant("occurredAt", usage.occurredAt())
                .instant("receivedAt", receivedAt)
                .field("personKey", personKey(usage.person()));
        NativeFormat.usageFields(json, usage).emptyObject("attributes").end();
    }

    void outcome(StringBuilder out, SimEvent.Outcome outcome, long receivedAt) {
        new Json(out).begin()
                .field("type", "outcome")
                .field("id", outcome.id())
                .field("source", "simulator")
                .instant("occurredAt", outcome.occurredAt())
                .instant("receivedAt", receivedAt)
                .field("personKey", personKey(outcome.person()))
                .field("team", outcome.team())
                .field("kind", outcome.kind())
                .field("ref", outcome.ref())
                .field("sessionId", outcome.sessionId())
                .field("taskId", outcome.taskId())
                .field("traceId", outcome.traceId())
                .emptyObject("attributes")
                .end();
    }

    void person(StringBuilder out, Member member, long receivedAt) {
        String key = personKey(member.email());
        new Json(out).begin()
                .field("type", "person")
                .field("id", key)
                .field("personKey", key)
                .instant("receivedAt", receivedAt)
                .field("primaryTeam", member.team())
                .strings("teams", member.teams())
                .field("managerKey", member.manager() == null ? null : personKey(member.manager()))
                .field("active", true)
                .end();
    }

    void event(StringBuilder out, SimEvent event, long receivedAt) {
        if (event instanceof SimEvent.Usage usage) {
            usage(out, usage, receivedAt);
        } else {
            outcome(out, (SimEvent.Outcome) event, receivedAt);
        }
    }
}
