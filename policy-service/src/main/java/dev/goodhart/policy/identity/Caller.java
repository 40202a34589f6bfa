package dev.goodhart.policy.identity;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.policy.cedar.CedarTranslator;

/** Who is calling, as the token says: a person by their {@code email} claim, an agent by its client id ({@code azp}). */
@RequestScoped
public class Caller {

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public Caller(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    /** The person's e-mail address in lower case, when the token carries one. */
    public Optional<String> email() {
        String email = token.getClaim("email");
        return Optional.ofNullable(email).map(CedarTranslator::normalisedEmail);
    }

    /** The calling client (agent) id: the token's {@code azp}. */
    public String agentId() {
        String azp = token.getClaim("azp");
        if (azp == null || azp.isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The token names no client (azp); agents call with their own client credentials");
        }
        return azp;
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** A name for records of who did what: the e-mail address, else the client id, else the token's subject. */
    public String name() {
        return email().orElseGet(() -> {
            String azp = token.getClaim("azp");
            return azp != null && !azp.isBlank() ? azp : identity.getPrincipal().getName();
        });
    }

    public java.util.Set<String> roles() {
        return identity.getRoles();
    }
}
