package dev.goodhart.ingest.directory;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.goodhart.ingest.ingest.WriteResult;

@Schema(description = "What a directory upsert did; every entry is counted in exactly one of the three")
public record DirectoryResult(
        @Schema(description = "Entries created or changed (each goes to the feed again)", examples = "2") int upserted,
        @Schema(description = "Entries identical to what the directory held", examples = "1") int unchanged,
        List<WriteResult.RejectedItem> rejected) {
}
