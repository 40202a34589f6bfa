package dev.goodhart.ingest.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a write did: events newly stored, events already known (by id, in this request or an "
        + "earlier one), and refused items. Every item of the request is counted in exactly one of the three.")
public record WriteResult(
        @Schema(examples = "2") int stored,
        @Schema(examples = "1") int duplicates,
        List<RejectedItem> rejected) {

    @Schema(description = "Why an item was not stored, one entry per offending field (an item may have several)")
    public record RejectedItem(
            @Schema(description = "0-based position of the event in the request", examples = "3") int index,
            @Schema(description = "The offending field within the event, e.g. `inputTokens` or `artifact.kind`; null "
                    + "when the item as a whole is wrong (e.g. not a JSON object)", examples = "inputTokens")
            String field,
            @Schema(examples = "must be between 0 and 10000000") String detail,
            @Schema(description = "For NDJSON bodies: the 1-based line of the event", examples = "4")
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer line) {
    }
}
