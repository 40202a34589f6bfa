package dev.goodhart.ingest.usage;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a write did: events newly stored, events already known (by id), and refused items")
public record WriteResult(
        @Schema(examples = "2") int stored,
        @Schema(examples = "1") int duplicates,
        List<RejectedItem> rejected) {

    @Schema(description = "An item that was not stored, by its position in the request")
    public record RejectedItem(int index, String field, String detail) {
    }
}
