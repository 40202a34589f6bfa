package dev.goodhart.ingest.usage;

/**
 * The one token model (README, "One token model"): Goodhart stores uncached input, cache-read, cache-write, output and
 * reasoning tokens apart. Sources count input differently, so each is converted here, explicitly.
 */
public final class TokenModel {

    /** Attribute set on an event whose reported cached tokens exceeded its reported total input. */
    public static final String CLAMPED_ATTRIBUTE = "goodhart.uncached_clamped";

    private TokenModel() {
    }

    /**
     * OpenTelemetry GenAI: {@code gen_ai.usage.input_tokens} includes cache reads and cache writes. The uncached input is
     * what remains after subtracting both, never below zero; when the cached counts exceed the total the data is
     * inconsistent, the cached counts are kept as reported (they are what the provider bills) and the sample is flagged
     * with {@link #CLAMPED_ATTRIBUTE}.
     */
    public static void fromInputIncludingCache(UsageSample sample, Long totalInput, Long cacheRead, Long cacheWrite) {
        sample.cacheReadTokens = cacheRead;
        sample.cacheWriteTokens = cacheWrite;
        if (totalInput == null) {
            return;
        }
        long cached = (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
        if (cached > totalInput) {
            sample.attributes.put(CLAMPED_ATTRIBUTE, true);
        }
        sample.inputTokens = Math.max(0, totalInput - cached);
    }
}
