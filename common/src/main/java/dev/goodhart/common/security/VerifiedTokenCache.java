package dev.goodhart.common.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Remembers bearer tokens that Quarkus OIDC has verified, until they expire, so that a client sending the same token
 * with every request (an agent asking policy-service, a source sending single events) pays the signature check and
 * the claims parsing once per token instead of once per request; that was the largest cost of a small request.
 * Envoy's JWT filter does the same.
 *
 * <p>The key is the exact token, so a token that differs in any byte (tampered, re-signed, another one) is not found
 * and goes to OIDC's verification. (Not a digest of it: the identity remembered holds the token anyway, and hashing a
 * kilobyte on every request cost a tenth of a small request's CPU.) A remembered token is answered only before its
 * {@code exp}; a signing key withdrawn from the issuer's JWKS is therefore still trusted for tokens verified before,
 * until they expire (access tokens live minutes). As a provider it answers nothing for a token it does not hold, and
 * OIDC's provider verifies it; as an augmentor it remembers what OIDC verified.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    private record Verified(SecurityIdentity identity, long expiresAtSecond) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final int maxEntries;
    private final Clock clock;

    @Inject
    public VerifiedTokenCache(VerifiedTokenConfig config) {
        this(config.maxEntries(), Clock.systemUTC());
    }

    VerifiedTokenCache(int maxEntries, Clock clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * As a provider: before OIDC's (priority 0). As an augmentor: first, so what is remembered is what OIDC verified,
     * before any other augmentor changes it.
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        SecurityIdentity known = routingContext == null ? null : known(request.getToken().getToken());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        hits.incrementAndGet();
        // What OIDC attaches per request is this request's, never the one the token was first verified with.
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder(known);
        OidcUtils.setRoutingContextAttribute(identity, routingContext);
        OidcUtils.setBlockingApiAttribute(identity, routingContext);
        return Uni.createFrom().item(identity.build());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        remember(identity);
        return Uni.createFrom().item(identity);
    }

    /** The identity OIDC verified for exactly this token, if it is remembered and has not expired. */
    SecurityIdentity known(String token) {
        Verified known = maxEntries == 0 ? null : verified.get(token);
        return known == null || clock.instant().getEpochSecond() >= known.expiresAtSecond() ? null : known.identity();
    }

    void remember(SecurityIdentity identity) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (maxEntries == 0 || token == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= clock.instant().getEpochSecond()) {
            return;
        }
        String key = token.getToken();
        if (verified.containsKey(key)) {
            return;
        }
        if (verified.size() >= maxEntries) {
            long now = clock.instant().getEpochSecond();
            verified.values().removeIf(entry -> entry.expiresAtSecond() <= now);
            if (verified.size() >= maxEntries) {
                // More live tokens than the bound: start over rather than track recency on every request.
                verified.clear();
            }
        }
        verified.put(key, new Verified(identity, jwt.getExpirationTime()));
    }

    /** Requests answered from memory since start. */
    public long hits() {
        return hits.get();
    }

    int size() {
        return verified.size();
    }
}
