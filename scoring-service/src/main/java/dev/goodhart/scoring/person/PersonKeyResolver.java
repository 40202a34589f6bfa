package dev.goodhart.scoring.person;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.scoring.config.ScoringConfig;

/**
 * Finds the caller's own person key: the keyed hash of the token's {@code email} claim, computed exactly as
 * ingest-service computes it at the door. No e-mail is stored or logged.
 */
@ApplicationScoped
public class PersonKeyResolver {

    private final PersonKeys personKeys;

    public PersonKeyResolver(ScoringConfig config) {
        this.personKeys = new PersonKeys(config.pseudonymisation().key());
    }

    public String personKeyOf(JsonWebToken token) {
        String email = token == null ? null : token.getClaim("email");
        if (email == null || email.isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The token carries no email claim, so it names no person whose own data could be shown");
        }
        return personKeys.personKey(email);
    }
}
