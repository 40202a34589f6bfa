package dev.goodhart.ingest.ingest;

/** What a write does when some items are rejected. */
public enum WriteMode {
    /** Store the acceptable items; refuse the request (400) only when no item is acceptable. The JSON API's default. */
    PARTIAL,
    /** All or nothing: any rejected item refuses the whole request. */
    ATOMIC,
    /**
     * Store the acceptable items and report the others, never refusing the request: for sources whose protocol
     * answers partial success in its own terms (OTLP's {@code partialSuccess}), even when everything was rejected.
     */
    REPORT;

    public static WriteMode of(boolean atomic) {
        return atomic ? ATOMIC : PARTIAL;
    }
}
