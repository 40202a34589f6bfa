package dev.goodhart.ingest.copilot;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.goodhart.ingest.ingest.WriteResult;

@Schema(description = "What a Copilot report import stored: usage samples (one per user and day, one more for Copilot "
        + "CLI tokens) and acceptance outcomes; a rejected line is reported under usage with its line number")
public record CopilotImportResult(
        @Schema(description = "Report lines read", examples = "120") int lines,
        WriteResult usage,
        WriteResult outcomes) {
}
