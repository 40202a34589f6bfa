package dev.goodhart.ingest.otlp;

import java.sql.SQLException;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.google.protobuf.Message;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import io.quarkus.logging.Log;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemMappers;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.config.IngestConfig;
import dev.goodhart.ingest.otlp.OtlpCodec.Encoding;

/**
 * OTLP/HTTP receiver (the OpenTelemetry protocol's HTTP transport): traces, metrics and logs, as binary protobuf or
 * OTLP/JSON, answered in the request's encoding. Failures follow OTLP/HTTP: a protobuf client gets a
 * {@code google.rpc.Status} body, a JSON client problem+json; 429 and 503 carry Retry-After, which OTLP clients honour.
 */
@Path("/v1")
@Tag(name = "otlp", description = "OpenTelemetry OTLP/HTTP: GenAI spans, metrics and Claude Code events become usage and outcomes")
@RolesAllowed(Roles.USAGE_WRITER)
public class OtlpResource {

    /** google.rpc.Code values for the failures this receiver answers. */
    private static final int INVALID_ARGUMENT = 3;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNAVAILABLE = 14;

    private final OtlpService service;
    private final OtlpCodec codec;
    private final OtlpLimiter limiter;
    private final String overloadRetryAfter;

    public OtlpResource(OtlpService service, OtlpCodec codec, OtlpLimiter limiter, IngestConfig config) {
        this.service = service;
        this.codec = codec;
        this.limiter = limiter;
        this.overloadRetryAfter = Integer.toString(config.otlp().retryAfterSeconds());
    }

    @POST
    @Path("/traces")
    @Consumes({ OtlpCodec.PROTOBUF, OtlpCodec.JSON })
    @Operation(summary = "Export spans (OTLP/HTTP)", description = "Spans with gen_ai.usage.* attributes become usage "
            + "events, id = trace id + span id; other spans are accepted and ignored. gzip bodies are accepted.")
    @RequestBody(content = {
            @Content(mediaType = OtlpCodec.PROTOBUF, schema = @Schema(description = "ExportTraceServiceRequest")),
            @Content(mediaType = OtlpCodec.JSON, schema = @Schema(description = "ExportTraceServiceRequest as OTLP/JSON")) })
    @APIResponse(responseCode = "200", description = "Committed; `partialSuccess.rejectedSpans` counts spans that "
            + "could not be stored, with the reasons in `errorMessage`")
    @APIResponse(responseCode = "400", description = "Not an OTLP request (google.rpc.Status for protobuf, problem+json for JSON)")
    @APIResponse(responseCode = "413", description = "Body, or decompressed body, over the size limit")
    @APIResponse(responseCode = "415", description = "Neither application/x-protobuf nor application/json, or an "
            + "encoding other than gzip")
    @APIResponse(responseCode = "429", description = "Too many OTLP requests in progress; retry after Retry-After")
    @APIResponse(responseCode = "503", description = "Database unreachable; retry after Retry-After")
    public Response traces(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding, @Context UriInfo uri) {
        return export(body, contentType, contentEncoding, uri, (raw, encoding) -> service.traces(
                codec.parse(raw, encoding, ExportTraceServiceRequest.newBuilder()).build()));
    }

    @POST
    @Path("/metrics")
    @Consumes({ OtlpCodec.PROTOBUF, OtlpCodec.JSON })
    @Operation(summary = "Export metrics (OTLP/HTTP)", description = "gen_ai.client.token.usage, "
            + "gen_ai.client.inference.usage.* and Claude Code's claude_code.* metrics become usage events and outcomes; "
            + "cumulative series are converted to deltas per series. Other metrics are accepted and ignored.")
    @RequestBody(content = {
            @Content(mediaType = OtlpCodec.PROTOBUF, schema = @Schema(description = "ExportMetricsServiceRequest")),
            @Content(mediaType = OtlpCodec.JSON, schema = @Schema(description = "ExportMetricsServiceRequest as OTLP/JSON")) })
    @APIResponse(responseCode = "200", description = "Committed; `partialSuccess.rejectedDataPoints` counts data points "
            + "that could not be stored")
    @APIResponse(responseCode = "400", description = "Not an OTLP request")
    @APIResponse(responseCode = "413", description = "Body, or decompressed body, over the size limit")
    @APIResponse(responseCode = "415", description = "Unsupported content type or encoding")
    @APIResponse(responseCode = "429", description = "Too many OTLP requests in progress; retry after Retry-After")
    @APIResponse(responseCode = "503", description = "Database unreachable; retry after Retry-After")
    public Response metrics(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding, @Context UriInfo uri) {
        return export(body, contentType, contentEncoding, uri, (raw, encoding) -> service.metrics(
                codec.parse(raw, encoding, ExportMetricsServiceRequest.newBuilder()).build()));
    }

    @POST
    @Path("/logs")
    @Consumes({ OtlpCodec.PROTOBUF, OtlpCodec.JSON })
    @Operation(summary = "Export logs (OTLP/HTTP)", description = "Claude Code's claude_code.api_request events become "
            + "usage events; other log records are accepted and ignored.")
    @RequestBody(content = {
            @Content(mediaType = OtlpCodec.PROTOBUF, schema = @Schema(description = "ExportLogsServiceRequest")),
            @Content(mediaType = OtlpCodec.JSON, schema = @Schema(description = "ExportLogsServiceRequest as OTLP/JSON")) })
    @APIResponse(responseCode = "200", description = "Committed; `partialSuccess.rejectedLogRecords` counts records "
            + "that could not be stored")
    @APIResponse(responseCode = "400", description = "Not an OTLP request")
    @APIResponse(responseCode = "413", description = "Body, or decompressed body, over the size limit")
    @APIResponse(responseCode = "415", description = "Unsupported content type or encoding")
    @APIResponse(responseCode = "429", description = "Too many OTLP requests in progress; retry after Retry-After")
    @APIResponse(responseCode = "503", description = "Database unreachable; retry after Retry-After")
    public Response logs(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding, @Context UriInfo uri) {
        return export(body, contentType, contentEncoding, uri, (raw, encoding) -> service.logs(
                codec.parse(raw, encoding, ExportLogsServiceRequest.newBuilder()).build()));
    }

    private Response export(byte[] body, String contentType, String contentEncoding, UriInfo uri,
            BiFunction<byte[], Encoding, Message> handler) {
        Encoding encoding = Encoding.of(contentType);
        if (!limiter.tryAcquire()) {
            return failure(encoding, ProblemType.TOO_MANY_REQUESTS, RESOURCE_EXHAUSTED,
                    "Too many OTLP requests in progress; retry later", uri, overloadRetryAfter);
        }
        try {
            Message response = handler.apply(codec.decompress(body, contentEncoding), encoding);
            return Response.ok(codec.write(response, encoding), encoding.mediaType).build();
        } catch (ProblemException e) {
            return failure(encoding, e.type(), e.type().status() == 413 ? RESOURCE_EXHAUSTED : INVALID_ARGUMENT,
                    e.getMessage(), uri, null);
        } catch (RuntimeException e) {
            if (ProblemMappers.isDatabaseUnavailable(e) || lostARace(e)) {
                Log.warnf("Database unavailable while serving %s: %s", uri.getPath(), e.getMessage());
                return failure(encoding, ProblemType.SERVICE_UNAVAILABLE, UNAVAILABLE,
                        "The database is unreachable or busy; retry later", uri, ProblemMappers.RETRY_AFTER_SECONDS);
            }
            throw e;
        } finally {
            limiter.release();
        }
    }

    /**
     * Two exports that share metric series lock them in their own order and may deadlock; PostgreSQL then aborts one.
     * Nothing of it was stored, and the exporter's retry succeeds.
     */
    private static boolean lostARace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static Response failure(Encoding encoding, ProblemType type, int grpcCode, String detail, UriInfo uri,
            String retryAfter) {
        Response.ResponseBuilder answer = encoding == Encoding.PROTOBUF
                ? Response.status(type.status()).type(OtlpCodec.PROTOBUF).entity(OtlpCodec.status(grpcCode, detail))
                : Response.status(type.status()).type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(type, detail, ProblemMappers.instance(uri), List.of()));
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return answer.build();
    }
}
