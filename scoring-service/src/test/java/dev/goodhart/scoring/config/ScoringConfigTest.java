package dev.goodhart.scoring.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.validator.BeanValidationConfigValidator;

import dev.goodhart.scoring.support.TestConfig;

/** The configuration Quarkus validates at start-up: privacy's k may not drop below 3. */
class ScoringConfigTest {

    private static final BeanValidationConfigValidator VALIDATOR = new BeanValidationConfigValidator() {
        @Override
        public Validator getValidator() {
            return Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory().getValidator();
        }
    };

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ScoringConfig config = TestConfig.builder(Map.of()).withValidator(VALIDATOR).build().getConfigMapping(ScoringConfig.class);
        assertEquals(5, config.privacy().minGroupSize());
        assertEquals(Duration.ofDays(7), config.linking().window());
        assertEquals(DayOfWeek.FRIDAY, config.detectors().cutoffSpike().day());
        assertEquals(3, config.detectors().nearDuplicatePrompts().maxHammingDistance());
    }

    @Test
    void aGroupSizeBelowThreeIsRefused() {
        ConfigValidationException refused = assertThrows(ConfigValidationException.class, () -> TestConfig
                .builder(Map.of("goodhart.scoring.privacy.min-group-size", "2")).withValidator(VALIDATOR).build());
        assertTrue(refused.getMessage().contains("goodhart.scoring.privacy.min-group-size"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at least 3"), refused.getMessage());
    }

    @Test
    void threeIsAllowed() {
        ScoringConfig config = TestConfig.builder(Map.of("goodhart.scoring.privacy.min-group-size", "3"))
                .withValidator(VALIDATOR).build().getConfigMapping(ScoringConfig.class);
        assertEquals(3, config.privacy().minGroupSize());
    }
}
