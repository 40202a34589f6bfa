package dev.goodhart.scoring.detect;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A flag with its evidence (docs/detectors.md explains each detector)")
public record FlagView(
        UUID id,
        @Schema(examples = "self_looping_automation") String detector,
        Instant detectedAt,
        @Schema(description = "Start of the activity the flag covers") Instant from,
        @Schema(description = "End (exclusive) of the activity the flag covers") Instant to,
        @Schema(examples = "loop-agent re-triggered itself in 4 loops of up to 61 calls that nobody used") String summary,
        @Schema(description = "Agent the flag is about, absent for a person's own activity") String agent,
        @Schema(description = "Calls the flag covers") int events,
        @Schema(description = "Tokens of those calls") long tokens,
        @Schema(description = "Counts, thresholds and example event ids behind the flag") Map<String, Object> evidence) {

    public static FlagView of(Flag flag) {
        return new FlagView(flag.id, flag.detector, flag.detectedAt, flag.windowFrom, flag.windowTo, flag.summary,
                flag.agent, flag.events, flag.tokens, flag.evidence);
    }
}
