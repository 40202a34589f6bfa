package dev.goodhart.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many verified bearer tokens each service remembers ({@link VerifiedTokenCache}). */
@ConfigMapping(prefix = "goodhart.security.verified-tokens")
public interface VerifiedTokenConfig {

    /** Tokens remembered at most; 0 verifies every request afresh. */
    @WithDefault("10000")
    int maxEntries();
}
