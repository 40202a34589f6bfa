package dev.goodhart.simulator;

import java.time.LocalDate;

/**
 * Hand-written JSON for the two wire formats the simulator speaks (ingest-service's native API and the feed), because
 * the synthetic feed of the benchmark renders ten million events and must not be the bottleneck it measures.
 */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean first = true;
    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate;

    Json(StringBuilder out) {
        this.out = out;
    }

    Json begin() {
        out.append('{');
        first = true;
        return this;
    }

    Json end() {
        out.append('}');
        return this;
    }

    Json field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    /** Omits the field when the value is null (the native API treats absent and null alike). */
    Json optional(String name, String value) {
        return value == null ? this : field(name, value);
    }

    Json field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    Json field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** Micro-dollars as a decimal number of dollars, e.g. 12300 as 0.012300. */
    Json micros(String name, long micros) {
        name(name);
        out.append(micros / 1_000_000).append('.');
        String fraction = Long.toString(micros % 1_000_000);
        out.append("000000", 0, 6 - fraction.length()).append(fraction);
        return this;
    }

    Json instant(String name, long epochMillis) {
        name(name);
        out.append('"');
        appendInstant(epochMillis);
        out.append('"');
        return this;
    }

    /** 64 bits as the 16 lower-case hex digits of a SimHash fingerprint. */
    Json hex64(String name, long value) {
        name(name);
        out.append('"');
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xf]);
        }
        out.append('"');
        return this;
    }

    Json strings(String name, Iterable<String> values) {
        name(name);
        out.append('[');
        boolean firstValue = true;
        for (String value : values) {
            if (!firstValue) {
                out.append(',');
            }
            string(value);
            firstValue = false;
        }
        out.append(']');
        return this;
    }

    /** Starts a nested object as the value of {@code name}; close it with {@link #end()}. */
    Json object(String name) {
        name(name);
        return begin();
    }

    Json emptyObject(String name) {
        name(name);
        out.append("{}");
        return this;
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(name);
        out.append(':');
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** ISO-8601 UTC with milliseconds, e.g. 2026-11-23T10:00:00.120Z. */
    private void appendInstant(long epochMillis) {
        long day = Math.floorDiv(epochMillis, ActivityGenerator.DAY);
        if (day != cachedDay) {
            cachedDay = day;
            cachedDate = LocalDate.ofEpochDay(day).toString();
        }
        long inDay = epochMillis - day * ActivityGenerator.DAY;
        out.append(cachedDate).append('T');
        two(inDay / ActivityGenerator.HOUR);
        out.append(':');
        two(inDay / ActivityGenerator.MINUTE % 60);
        out.append(':');
        two(inDay / ActivityGenerator.SECOND % 60);
        out.append('.');
        long millis = inDay % 1000;
        out.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        out.append('Z');
    }

    private void two(long value) {
        out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
