package dev.goodhart.policy.policy;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A stored version of the policy set (without its text)")
public record PolicyVersionItem(
        @Schema(examples = "3") int version,
        Instant createdAt,
        @Schema(examples = "ada@example.com") String createdBy,
        boolean active) {

    static PolicyVersionItem of(PolicyVersion version) {
        return new PolicyVersionItem(version.version, version.createdAt, version.createdBy, version.active);
    }
}
