package dev.goodhart.ingest.otlp;

import dev.goodhart.ingest.usage.UsageSample;

/** What OpenTelemetry's GenAI semantic conventions say about who, which agent and which model, on spans and metrics. */
final class GenAi {

    static final String SOURCE = "otlp";

    private GenAi() {
    }

    /** The person of GenAI telemetry: the end user, else the user the process runs for. */
    static String person(Attributes attributes) {
        return attributes.text("enduser.id", "user.id", "user.email");
    }

    /** A sample with everything but ids, times and token counts. */
    static UsageSample sample(Attributes attributes) {
        UsageSample sample = new UsageSample();
        sample.person = person(attributes);
        sample.team = attributes.text("team.id", "team.name");
        sample.agent = attributes.text("gen_ai.agent.id", "gen_ai.agent.name");
        sample.provider = attributes.text("gen_ai.provider.name", "gen_ai.system");
        sample.model = attributes.text("gen_ai.response.model", "gen_ai.request.model");
        sample.operation = attributes.text("gen_ai.operation.name");
        sample.sessionId = attributes.text("gen_ai.conversation.id", "session.id");
        return sample;
    }
}
