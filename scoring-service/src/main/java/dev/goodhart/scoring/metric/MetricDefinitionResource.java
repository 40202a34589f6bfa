package dev.goodhart.scoring.metric;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.security.Roles;

@Path("/v1/metrics/definitions")
@Tag(name = "metrics", description = "What each value metric means")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.EMPLOYEE, Roles.ANALYST, Roles.POLICY_ADMIN })
public class MetricDefinitionResource {

    private final MetricCatalog catalog;

    public MetricDefinitionResource(MetricCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List metric definitions")
    @APIResponse(responseCode = "200", description = "Every metric a scorecard reports",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = MetricDefinition.class)))
    public List<MetricDefinition> list() {
        return catalog.definitions();
    }
}
