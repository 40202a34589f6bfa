package dev.goodhart.ingest.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.goodhart.ingest.ingest.WriteResult;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "What a webhook delivery did: the outcome it was stored as, or why it was ignored")
@RegisterForReflection
public record WebhookAnswer(
        @Schema(examples = "pull_request") String event,
        @Schema(description = "The outcome kind the delivery became; absent when ignored", examples = "pr_merged")
        String outcome,
        @Schema(description = "Stored or duplicate (a redelivery); absent when ignored") WriteResult result,
        @Schema(description = "Why the delivery carries no outcome; absent when stored",
                examples = "pull_request opened is not a merge") String ignored) {
}
