package dev.goodhart.ingest.otlp;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.usage.UsageSample;

/** What Claude Code's telemetry (its monitoring guide's metrics and events) has in common. */
final class ClaudeCode {

    static final String SOURCE = "claude-code";
    /** Set to false on count-only samples: activity that carries no token counts (README, "One token model"). */
    static final String TOKENS_REPORTED = "goodhart.tokens_reported";
    static final FieldError NO_PERSON = new FieldError("user.email", "Claude Code telemetry names no person: "
            + "user.email, user.account_uuid or user.id is needed (sign in, or set OTEL_RESOURCE_ATTRIBUTES=user.id=…)");

    private ClaudeCode() {
    }

    /** The person: the signed-in user's e-mail, else their account id. */
    static String person(Attributes attributes) {
        return attributes.text("user.email", "user.account_uuid", "user.id");
    }

    /** A sample with what every Claude Code item says about who, where and which model. */
    static UsageSample sample(Attributes attributes) {
        UsageSample sample = new UsageSample();
        sample.person = person(attributes);
        sample.team = attributes.text("team.id");
        sample.provider = "anthropic";
        sample.model = attributes.text("model");
        sample.sessionId = attributes.text("session.id");
        return sample;
    }
}
