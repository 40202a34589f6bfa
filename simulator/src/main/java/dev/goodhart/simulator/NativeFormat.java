package dev.goodhart.simulator;

/**
 * Renders simulated events in ingest-service's native API format ({@code POST /v1/usage-events}, {@code POST
 * /v1/outcomes}) and members as directory entries ({@code POST /v1/directory/people}): people by e-mail, the way a
 * source reports them.
 */
public final class NativeFormat {

    private NativeFormat() {
    }

    public static String usage(SimEvent.Usage usage) {
        StringBuilder out = new StringBuilder(600);
        Json json = new Json(out).begin()
                .field("id", usage.id())
                .instant("occurredAt", usage.occurredAt())
                .field("person", usage.person());
        usageFields(json, usage).end();
        return out.toString();
    }

    /** The fields a usage event has in both wire formats, from {@code team} to {@code promptFingerprint}. */
    static Json usageFields(Json json, SimEvent.Usage usage) {
        json.field("team", usage.team())
                .field("agent", usage.agent())
                .field("provider", usage.provider())
                .field("model", usage.model())
                .field("operation", usage.operation())
                .field("inputTokens", usage.inputTokens())
                .field("cacheReadTokens", usage.cacheReadTokens())
                .field("cacheWriteTokens", usage.cacheWriteTokens())
                .field("outputTokens", usage.outputTokens())
                .field("reasoningTokens", usage.reasoningTokens())
                .micros("costUsd", usage.costMicros())
                .field("sessionId", usage.sessionId())
                .field("taskId", usage.taskId())
                .field("traceId", usage.traceId())
                .field("trigger", usage.trigger());
        if (usage.artifactKind() != null) {
            json.object("artifact").field("kind", usage.artifactKind()).field("ref", usage.artifactRef()).end();
        } else {
            json.field("artifact", (String) null);
        }
        return json.hex64("promptFingerprint", usage.promptFingerprint());
    }

    public static String outcome(SimEvent.Outcome outcome) {
        StringBuilder out = new StringBuilder(300);
        new Json(out).begin()
                .field("id", outcome.id())
                .instant("occurredAt", outcome.occurredAt())
                .field("person", outcome.person())
                .field("team", outcome.team())
                .field("kind", outcome.kind())
                .optional("ref", outcome.ref())
                .optional("sessionId", outcome.sessionId())
                .optional("taskId", outcome.taskId())
                .optional("traceId", outcome.traceId())
                .end();
        return out.toString();
    }

    /** A member as an HR sync would send them: primary e-mail, teams (the first is the primary one), manager. */
    public static String person(Member member) {
        StringBuilder out = new StringBuilder(200);
        new Json(out).begin()
                .field("email", member.email())
                .strings("teams", member.teams())
                .field("primaryTeam", member.team())
                .optional("manager", member.manager())
                .field("active", true)
                .end();
        return out.toString();
    }

    public static String event(SimEvent event) {
        return event instanceof SimEvent.Usage usage ? usage(usage) : outcome((SimEvent.Outcome) event);
    }
}
