package dev.goodhart.ingest.outcome;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
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
import dev.goodhart.ingest.ingest.WriteMode;
import dev.goodhart.ingest.ingest.WriteResult;

@Path("/v1/outcomes")
@Tag(name = "outcomes", description = "What happened in the world: merged pull requests, resolved tickets, accepted output, meetings held")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({ MediaType.APPLICATION_JSON, BatchReader.NDJSON })
@RolesAllowed(Roles.USAGE_WRITER)
public class OutcomeResource {

    private final OutcomeService service;
    private final BatchReader reader;

    public OutcomeResource(OutcomeService service, BatchReader reader) {
        this.service = service;
        this.reader = reader;
    }

    @POST
    @Operation(summary = "Record outcomes",
            description = "One event, a JSON array or NDJSON (one event per line) of up to 10,000 outcomes. Idempotent by "
                    + "id: a retry, or the same id twice in one request, is counted once. Valid events are stored even "
                    + "when others are rejected, unless atomic=true. A 200 means the events are committed.")
    @RequestBody(content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = { OutcomeRequest.class, OutcomeRequest[].class })),
            @Content(mediaType = BatchReader.NDJSON, schema = @Schema(implementation = OutcomeRequest.class,
                    description = "One event object per line")) })
    @APIResponse(responseCode = "200", description = "Committed: stored, duplicate and rejected items",
            content = @Content(schema = @Schema(implementation = WriteResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed body (with line and column), or no event acceptable, or "
            + "any event invalid with atomic=true: errors name `[index].field`; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit, or more events than allowed per request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Neither application/json nor application/x-ndjson",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WriteResult record(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "true: all-or-nothing; any invalid event refuses the whole request",
                    schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @QueryParam("atomic") String atomic) {
        WriteMode mode = WriteMode.of(BatchReader.atomic(atomic));
        return service.ingestRequest(reader.read(body, contentType, OutcomeRequest.class), BatchReader.NATIVE_SOURCE, mode);
    }
}
