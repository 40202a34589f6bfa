package dev.goodhart.policy.policy;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A version of the Cedar policy set")
public record PolicySetView(
        @Schema(examples = "3") int version,
        @Schema(description = "Cedar source text") String source,
        Instant createdAt,
        @Schema(examples = "ada@example.com") String createdBy,
        boolean active) {

    static PolicySetView of(PolicyVersion version) {
        return new PolicySetView(version.version, version.source, version.createdAt, version.createdBy, version.active);
    }
}
