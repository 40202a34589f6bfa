package dev.goodhart.ingest.otlp;

import dev.goodhart.ingest.usage.Artifact;
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
        sample.artifact = artifact(attributes);
        return sample;
    }

    /**
     * What the call worked on, so that scoring-service can link it to the outcome that names the same thing: given
     * outright ({@code goodhart.artifact.kind} and {@code goodhart.artifact.ref}), or the pull request that
     * OpenTelemetry's VCS attributes name ({@code vcs.repository.url.full} and {@code vcs.change.id}), written as the
     * pull request's web address, which is how GitHub's webhooks name it in the outcome.
     */
    static Artifact artifact(Attributes attributes) {
        String kind = attributes.text("goodhart.artifact.kind");
        String ref = attributes.text("goodhart.artifact.ref");
        if (kind != null && ref != null) {
            return new Artifact(kind, ref);
        }
        String repository = attributes.text("vcs.repository.url.full");
        String change = attributes.text("vcs.change.id");
        if (repository == null || change == null) {
            return null;
        }
        return new Artifact("pull_request", repository.replaceFirst("(\\.git)?/*$", "") + "/pull/" + change);
    }
}
