package dev.goodhart.ingest.webhook;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.Incoming;
import dev.goodhart.ingest.ingest.WriteMode;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.outcome.OutcomeRequest;
import dev.goodhart.ingest.outcome.OutcomeService;

/**
 * GitHub webhooks. The one endpoint without an OIDC token, because GitHub cannot send one: every delivery is
 * authenticated instead by its X-Hub-Signature-256, an HMAC of the body with the secret shared with GitHub, checked
 * before the body is read.
 */
@Path("/v1/webhooks/github")
@Tag(name = "webhooks", description = "Outcomes from GitHub: merged pull requests, approvals, resolved issues")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({ MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED })
@PermitAll
public class GithubWebhookResource {

    static final String SOURCE = "github";

    private final GithubSignature signature;
    private final OutcomeService outcomes;
    private final ObjectMapper json;

    public GithubWebhookResource(GithubSignature signature, OutcomeService outcomes, ObjectMapper json) {
        this.signature = signature;
        this.outcomes = outcomes;
        this.json = json;
    }

    @POST
    @SecurityRequirements
    @Operation(summary = "Receive a GitHub webhook delivery",
            description = "Configure the webhook with the shared secret and content type application/json (GitHub's "
                    + "application/x-www-form-urlencoded, the payload in the `payload` field, is accepted too). "
                    + "pull_request closed+merged → pr_merged, pull_request_review submitted+approved → pr_approved, "
                    + "issues closed as completed → ticket_resolved, each linked by the html_url and keyed by the GitHub "
                    + "login; other events and actions are acknowledged with 202 and ignored. A redelivery is a duplicate.")
    @APIResponse(responseCode = "200", description = "Stored (or a duplicate), or a ping",
            content = @Content(schema = @Schema(implementation = WebhookAnswer.class)))
    @APIResponse(responseCode = "202", description = "Authentic, but carries no outcome: ignored",
            content = @Content(schema = @Schema(implementation = WebhookAnswer.class)))
    @APIResponse(responseCode = "400", description = "Not JSON, X-GitHub-Event missing, or the outcome is not valid "
            + "(e.g. older than the retention period)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "X-Hub-Signature-256 missing or not the signature of this body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response deliver(byte[] body, @HeaderParam("X-Hub-Signature-256") String signatureHeader,
            @HeaderParam("X-GitHub-Event") String event, @HeaderParam("X-GitHub-Delivery") String delivery,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        if (!signature.matches(body, signatureHeader)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, signatureHeader == null
                    ? "X-Hub-Signature-256 is missing: configure the webhook with the shared secret"
                    : "X-Hub-Signature-256 is not the signature of this body with the configured secret");
        }
        if (event == null || event.isBlank()) {
            throw ProblemException.invalidField("X-GitHub-Event", "is required");
        }
        JsonNode payload = parse(isForm(contentType) ? formPayload(body) : body);
        if (event.equals("ping")) {
            return Response.ok(new WebhookAnswer(event, null, null, "ping: the webhook is set up")).build();
        }
        OutcomeRequest outcome = GithubEvents.outcome(event, payload, delivery);
        if (outcome == null) {
            return Response.accepted(new WebhookAnswer(event, null, null, GithubEvents.ignoredBecause(event, payload)))
                    .build();
        }
        WriteResult result = outcomes.ingestRequest(new Batch<>(List.of(Incoming.bound(0, null, outcome)), true), SOURCE,
                WriteMode.PARTIAL);
        return Response.ok(new WebhookAnswer(event, outcome.kind().wireName(), result, null)).build();
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED);
    }

    /** GitHub's form encoding: the JSON payload URL-encoded in the field {@code payload}. */
    private static byte[] formPayload(byte[] body) {
        for (String field : new String(body, StandardCharsets.US_ASCII).split("&")) {
            if (field.startsWith("payload=")) {
                return URLDecoder.decode(field.substring("payload=".length()), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        throw ProblemException.invalidField("payload", "is required in a form-encoded delivery");
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode payload = json.readTree(body);
            if (payload == null || !payload.isObject()) {
                throw new ProblemException(ProblemType.MALFORMED_BODY, "A GitHub webhook payload is a JSON object");
            }
            return payload;
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, "The payload is not JSON: " + e.getMessage());
        }
    }
}
