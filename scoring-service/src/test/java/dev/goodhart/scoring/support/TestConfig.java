package dev.goodhart.scoring.support;

import java.util.HashMap;
import java.util.Map;

import io.smallrye.config.SmallRyeConfigBuilder;

import dev.goodhart.scoring.config.ScoringConfig;

/** ScoringConfig with its defaults (and the test key) for plain unit tests, optionally overridden. */
public final class TestConfig {

    private TestConfig() {
    }

    public static ScoringConfig scoring() {
        return scoring(Map.of());
    }

    public static ScoringConfig scoring(Map<String, String> overrides) {
        return builder(overrides).build().getConfigMapping(ScoringConfig.class);
    }

    public static SmallRyeConfigBuilder builder(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("goodhart.scoring.pseudonymisation.key", "test-only-pseudonymisation-key-0123456789");
        values.put("goodhart.scoring.detectors.phantom-references.subjects.meeting", "meeting_held");
        values.putAll(overrides);
        return new SmallRyeConfigBuilder().withMapping(ScoringConfig.class).withDefaultValues(values);
    }
}
