package dev.goodhart.policy.identity;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;

/** What the service reads from the caller's token; also the floor of bench/policy (HTTP and token check only). */
@Path("/v1/whoami")
@Tag(name = "identity", description = "How the service sees the caller")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class WhoAmIResource {

    private final Caller caller;
    private final JsonWebToken token;

    public WhoAmIResource(Caller caller, JsonWebToken token) {
        this.caller = caller;
        this.token = token;
    }

    @Schema(description = "The caller as policy-service identifies it")
    public record WhoAmI(
            @Schema(description = "Name used in records: e-mail, else client id, else subject", examples = "alice@example.com")
            String name,
            @Schema(description = "The token's client (azp): an agent's id", examples = "demo-agent") String client,
            @Schema(examples = "[\"employee\"]") List<String> roles) {
    }

    @GET
    @Operation(summary = "Who the token says the caller is", description = "Any valid token; no database access.")
    @APIResponse(responseCode = "200", description = "The caller's name, client and roles",
            content = @Content(schema = @Schema(implementation = WhoAmI.class)))
    public WhoAmI whoAmI() {
        return new WhoAmI(caller.name(), token.getClaim("azp"), caller.roles().stream().sorted().toList());
    }
}
