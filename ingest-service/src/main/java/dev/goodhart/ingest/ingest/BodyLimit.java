package dev.goodhart.ingest.ingest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemType;

/**
 * Refuses a body whose declared length exceeds {@code quarkus.http.limits.max-body-size} with a problem+json 413
 * before reading it. Quarkus enforces the same limit one step later, but with an empty answer.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBodySize;
    private final String tooLarge;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            ObjectMapper json) throws JsonProcessingException {
        this.maxBodySize = maxBodySize.asLongValue();
        this.tooLarge = json.writeValueAsString(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body exceeds the limit of " + this.maxBodySize + " bytes; split the batch", null, List.of()));
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOver(declared)) {
            context.response().setStatusCode(ProblemType.PAYLOAD_TOO_LARGE.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(tooLarge);
            return;
        }
        context.next();
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
