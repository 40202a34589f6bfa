package dev.goodhart.common.problem;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMatrix;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every error into {@code application/problem+json}. Messages are written for the caller; exception class
 * names and stack traces stay in the log, keyed by an incident id for the unexpected ones.
 */
public class ProblemMappers {

    /** Seconds a client should wait before retrying an outage: the database, the identity provider, the audit log. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** Annotations that give a resource method parameter its name on the wire. */
    private static final List<Class<? extends Annotation>> NAMED_REQUEST_PARAMETERS = List.of(QueryParam.class,
            PathParam.class, HeaderParam.class, FormParam.class, CookieParam.class, MatrixParam.class, RestQuery.class,
            RestPath.class, RestHeader.class, RestForm.class, RestCookie.class, RestMatrix.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uriInfo) {
        return respond(Problem.of(e.type(), e.getMessage(), instance(uriInfo), e.errors()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uriInfo) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new FieldError(fieldPath(violation), violation.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).detail()
                : errors.size() + " fields are not valid";
        return respond(Problem.of(ProblemType.VALIDATION, detail, instance(uriInfo), errors));
    }

    @ServerExceptionMapper({ JsonParseException.class, JsonProcessingException.class })
    public Response malformedJson(JsonProcessingException e, UriInfo uriInfo) {
        return respond(Problem.of(ProblemType.MALFORMED_BODY, "Malformed JSON" + location(e) + ": " + e.getOriginalMessage(),
                instance(uriInfo), List.of()));
    }

    @ServerExceptionMapper({ MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class,
            JsonMappingException.class })
    public Response unmappableJson(JsonMappingException e, UriInfo uriInfo) {
        String field = jsonPath(e.getPath());
        String detail = rootMessage(e);
        if (endsEarly(e)) {
            return respond(Problem.of(ProblemType.MALFORMED_BODY, "Malformed JSON" + location(e) + ": unexpected end of input",
                    instance(uriInfo), List.of()));
        }
        if (field.isEmpty()) {
            return respond(Problem.of(ProblemType.MALFORMED_BODY, "Unexpected JSON" + location(e) + ": " + detail,
                    instance(uriInfo), List.of()));
        }
        return respond(Problem.of(ProblemType.VALIDATION, field + ": " + detail, instance(uriInfo),
                List.of(new FieldError(field, detail))));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException e, UriInfo uriInfo) {
        String detail = e instanceof UnauthorizedException
                ? "This endpoint requires a bearer token"
                : "The bearer token is missing, expired or not valid for this service";
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHORIZED, detail, instance(uriInfo), List.of())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uriInfo) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "The token's roles do not allow this operation"
                : e.getMessage();
        return respond(Problem.of(ProblemType.FORBIDDEN, detail, instance(uriInfo), List.of()));
    }

    /** The token cannot be verified while the identity provider is out of reach: an outage to retry, not a bug. */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(OIDCException e, UriInfo uriInfo) {
        Log.warnf("Identity provider unavailable while serving %s: %s", instance(uriInfo), e.getMessage());
        return unavailable("The identity provider is unreachable, so the bearer token cannot be verified; retry later",
                uriInfo);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uriInfo) {
        // The REST layer wraps some body-reading failures; answer them like the unwrapped ones.
        if (e.getCause() instanceof JsonMappingException mapping) {
            return unmappableJson(mapping, uriInfo);
        }
        if (e.getCause() instanceof JsonProcessingException parsing) {
            return malformedJson(parsing, uriInfo);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uriInfo);
        }
        Response.ResponseBuilder answer = Response.fromResponse(
                respond(Problem.of(ProblemType.forStatus(status), frameworkDetail(e, status), instance(uriInfo), List.of())));
        answer.status(status);
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uriInfo) {
        if (isDatabaseUnavailable(e)) {
            Log.warnf("Database unavailable while serving %s: %s", instance(uriInfo), e.getMessage());
            return unavailable("The database is unreachable; retry later", uriInfo);
        }
        String incidentId = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error, incident %s, while serving %s", incidentId, instance(uriInfo));
        Problem problem = Problem.of(ProblemType.INTERNAL, "An unexpected error occurred; quote the incident id to operators",
                instance(uriInfo), List.of());
        return respond(new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), problem.instance(),
                problem.errors(), incidentId));
    }

    /** True when the failure is the database being out of reach rather than a bug: callers should retry. */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P01-57P03: server shutting down or not accepting connections.
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                if (sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A {@code 503} that tells the client when to retry: something this service depends on is out of reach. */
    public static Response unavailable(String detail, UriInfo uriInfo) {
        return Response.fromResponse(respond(Problem.of(ProblemType.SERVICE_UNAVAILABLE, detail, instance(uriInfo), List.of())))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The problem's {@code instance}: the request path. */
    public static String instance(UriInfo uriInfo) {
        return uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
    }

    private static String frameworkDetail(WebApplicationException e, int status) {
        return switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not supported here";
            case 406 -> "None of the accepted media types can be produced";
            case 413 -> "The request body exceeds the configured limit";
            case 415 -> "This content type is not accepted here";
            default -> e.getMessage();
        };
    }

    /** A truncated body surfaces as a mapping error of the field being read; it is a syntax problem all the same. */
    private static boolean endsEarly(JsonMappingException e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonParseException) {
                return true;
            }
        }
        return e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input");
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String rootMessage(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            return root.getMessage();
        }
        if (e instanceof InvalidFormatException invalid) {
            return "cannot read " + describe(invalid.getValue()) + " as " + invalid.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + mismatched.getTargetType().getSimpleName();
        }
        return e.getOriginalMessage();
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    /** The JSON path of a binding failure, e.g. {@code artifact.kind} or {@code [3].inputTokens}. */
    public static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The property path as the caller wrote it: {@code artifact.kind} or {@code cases[0].expect} inside a body, the
     * query, path or header parameter's own name for a constraint on a parameter, {@code body} for the body itself.
     */
    public static String fieldPath(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        String parameter = null;
        String methodName = null;
        Class<?>[] parameterTypes = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> {
                    Path.MethodNode method = node.as(Path.MethodNode.class);
                    methodName = method.getName();
                    parameterTypes = method.getParameterTypes().toArray(Class<?>[]::new);
                }
                case PARAMETER -> parameter = requestParameterName(violation.getRootBeanClass(), methodName,
                        parameterTypes, node.as(Path.ParameterNode.class));
                case RETURN_VALUE, CROSS_PARAMETER -> {
                    // not something the caller sent
                }
                default -> appendNode(path, node);
            }
        }
        if (!path.isEmpty()) {
            return path.toString();
        }
        return parameter == null ? "body" : parameter;
    }

    /** Bean Validation puts a container element's index or key on the node that follows the container. */
    private static void appendNode(StringBuilder path, Path.Node node) {
        Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
        if (position != null) {
            path.append('[').append(position).append(']');
        }
        if (node.getName() != null && !node.getName().isEmpty() && !node.getName().startsWith("<")) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(node.getName());
        }
    }

    /** The name a request parameter has on the wire, or null for the body (a parameter without such annotation). */
    private static String requestParameterName(Class<?> resource, String methodName, Class<?>[] parameterTypes,
            Path.ParameterNode node) {
        Method method = findMethod(resource, methodName, parameterTypes);
        if (method == null) {
            return node.getName();
        }
        Parameter parameter = method.getParameters()[node.getParameterIndex()];
        for (Annotation annotation : parameter.getAnnotations()) {
            if (NAMED_REQUEST_PARAMETERS.contains(annotation.annotationType())) {
                String name = annotationValue(annotation);
                return name == null || name.isEmpty() ? parameter.getName() : name;
            }
        }
        return null;
    }

    private static Method findMethod(Class<?> type, String name, Class<?>[] parameterTypes) {
        for (Class<?> current = type; current != null && name != null; current = current.getSuperclass()) {
            try {
                return current.getDeclaredMethod(name, parameterTypes);
            } catch (NoSuchMethodException e) {
                // declared further up (CDI subclasses resources that carry interceptors)
            }
        }
        return null;
    }

    private static String annotationValue(Annotation annotation) {
        try {
            return (String) annotation.annotationType().getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
