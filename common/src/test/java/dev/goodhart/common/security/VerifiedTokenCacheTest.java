package dev.goodhart.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class VerifiedTokenCacheTest {

    private static final long NOW = 1_800_000_000L;

    private MutableClock clock = new MutableClock(NOW);

    @Test
    void answersTheVerifiedIdentityForExactlyThatTokenUntilItExpires() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
        SecurityIdentity alice = identity("header.alice.signature", NOW + 60);
        cache.remember(alice);

        assertSame(alice, cache.known("header.alice.signature"));
        assertNull(cache.known("header.alice.signaturf"), "a token that differs in one byte is verified afresh");
        clock.now = NOW + 59;
        assertSame(alice, cache.known("header.alice.signature"));
        clock.now = NOW + 60;
        assertNull(cache.known("header.alice.signature"), "at its exp the token is no longer answered");
    }

    @Test
    void neverRemembersAnExpiredTokenOrAnIdentityWithoutOne() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
        cache.remember(identity("header.old.signature", NOW));
        cache.remember(QuarkusSecurityIdentity.builder().setPrincipal(jwt(NOW + 60)).build());

        assertEquals(0, cache.size());
    }

    @Test
    void staysWithinItsBoundDroppingExpiredTokensFirst() {
        VerifiedTokenCache cache = new VerifiedTokenCache(2, clock);
        cache.remember(identity("short", NOW + 10));
        cache.remember(identity("long", NOW + 600));
        clock.now = NOW + 10;
        cache.remember(identity("third", NOW + 600));

        assertEquals(2, cache.size());
        assertEquals("long", cache.known("long").getCredential(AccessTokenCredential.class).getToken());
        cache.remember(identity("fourth", NOW + 600));
        assertEquals(1, cache.size(), "more live tokens than the bound: it starts over");
        assertEquals("fourth", cache.known("fourth").getCredential(AccessTokenCredential.class).getToken());
    }

    @Test
    void aBoundOfZeroVerifiesEveryRequest() {
        VerifiedTokenCache cache = new VerifiedTokenCache(0, clock);
        cache.remember(identity("header.alice.signature", NOW + 60));

        assertNull(cache.known("header.alice.signature"));
    }

    private static SecurityIdentity identity(String token, long exp) {
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt(exp)).addCredential(new AccessTokenCredential(token))
                .addRole("usage-writer").build();
    }

    private static JsonWebToken jwt(long exp) {
        Map<String, Object> claims = Map.of("sub", "alice", "exp", exp);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "alice";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }

    private static final class MutableClock extends Clock {

        private long now;

        MutableClock(long now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(now);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
