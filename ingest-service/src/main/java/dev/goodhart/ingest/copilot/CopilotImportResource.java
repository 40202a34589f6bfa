package dev.goodhart.ingest.copilot;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.ingest.BatchReader;

@Path("/v1/imports/copilot")
@Tag(name = "imports", description = "Usage reports of tools that do not stream telemetry")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(BatchReader.NDJSON)
@RolesAllowed(Roles.USAGE_WRITER)
public class CopilotImportResource {

    private final CopilotImportService service;
    private final BatchReader reader;

    public CopilotImportResource(CopilotImportService service, BatchReader reader) {
        this.service = service;
        this.reader = reader;
    }

    @POST
    @Operation(summary = "Import a GitHub Copilot user-level usage report",
            description = "The NDJSON of Copilot's usage metrics user-level report, one user and day per line (up to "
                    + "10,000 lines). Each line becomes a count-only daily usage sample (the report has no token counts), "
                    + "a token sample when it reports Copilot CLI tokens, and an output_accepted outcome carrying the "
                    + "day's acceptance count. People are named by GitHub login and resolved through the directory. "
                    + "Importing the same report again stores nothing twice.")
    @RequestBody(content = @Content(mediaType = BatchReader.NDJSON,
            schema = @Schema(implementation = CopilotUserDay.class, description = "One report line per line")))
    @APIResponse(responseCode = "200", description = "Committed",
            content = @Content(schema = @Schema(implementation = CopilotImportResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed NDJSON, no acceptable line, or any invalid line with "
            + "atomic=true; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit, or more lines than allowed per request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not application/x-ndjson",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CopilotImportResult importReport(byte[] body,
            @Parameter(description = "true: all-or-nothing; any invalid line refuses the whole import",
                    schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @QueryParam("atomic") String atomic) {
        boolean allOrNothing = BatchReader.atomic(atomic);
        return service.importReport(reader.readNdjson(body, CopilotUserDay.class), allOrNothing);
    }
}
