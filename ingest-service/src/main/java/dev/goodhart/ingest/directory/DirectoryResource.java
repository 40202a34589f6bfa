package dev.goodhart.ingest.directory;

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

/** The people directory is written by an HR or identity sync, a source like any other: role usage-writer. */
@Path("/v1/directory/people")
@Tag(name = "directory", description = "Who is who, as keyed hashes: teams, identifiers and managers from HR or identity systems")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({ MediaType.APPLICATION_JSON, BatchReader.NDJSON })
@RolesAllowed(Roles.USAGE_WRITER)
public class DirectoryResource {

    private final DirectoryService service;
    private final BatchReader reader;

    public DirectoryResource(DirectoryService service, BatchReader reader) {
        this.service = service;
        this.reader = reader;
    }

    @POST
    @Operation(summary = "Create or update people",
            description = "One entry, a JSON array or NDJSON. Each person is keyed by the keyed hash of their primary "
                    + "e-mail; GitHub login, employee id and other e-mails are stored only as keyed hashes, so that events "
                    + "naming any of them are stored under the person's key. Events without a team of their own are "
                    + "charged to the person's primary team. A changed entry goes to the feed again.")
    @RequestBody(content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = { PersonEntry.class, PersonEntry[].class })),
            @Content(mediaType = BatchReader.NDJSON, schema = @Schema(implementation = PersonEntry.class,
                    description = "One entry per line")) })
    @APIResponse(responseCode = "200", description = "Committed: upserted, unchanged and rejected entries",
            content = @Content(schema = @Schema(implementation = DirectoryResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, no acceptable entry, or any invalid entry with "
            + "atomic=true: errors name `[index].field`; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit, or more entries than allowed per request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Neither application/json nor application/x-ndjson",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DirectoryResult upsert(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "true: all-or-nothing; any invalid entry refuses the whole request",
                    schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @QueryParam("atomic") String atomic) {
        boolean allOrNothing = BatchReader.atomic(atomic);
        return service.upsert(reader.read(body, contentType, PersonEntry.class), allOrNothing);
    }
}
