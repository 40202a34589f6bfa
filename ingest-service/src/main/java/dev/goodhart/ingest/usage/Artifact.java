package dev.goodhart.ingest.usage;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(description = "What the AI output is about, e.g. the summary of a given meeting")
public record Artifact(
        @Schema(examples = "meeting_summary") @NotBlank @Size(max = 100) String kind,
        @Schema(examples = "meeting:2026-11-20-standup") @NotBlank @Size(max = 1000) String ref) {
}
