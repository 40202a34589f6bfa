package dev.goodhart.ingest.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes), so that a batch goes
 * to the database in one COPY instead of one INSERT per event. The rows are built as UTF-8 bytes (the connection's
 * encoding) and handed to the driver as they are: formatting rows is a large share of the write path's CPU.
 */
public final class CopyRows {

    private static final byte[] NULL = { '\\', 'N' };
    private static final byte[] EMPTY_JSON_OBJECT = { '{', '}' };

    private final ObjectMapper json;
    private byte[] bytes;
    private int length;
    private boolean rowStarted;

    CopyRows(ObjectMapper json, int expectedRows) {
        this.json = json;
        this.bytes = new byte[Math.max(1024, expectedRows * 256)];
    }

    public CopyRows text(String value) {
        separate();
        if (value == null) {
            append(NULL);
            return this;
        }
        int count = value.length();
        ensure(count * 2);
        int plain = plainPrefix(value, count);
        copyAscii(value, plain);
        for (int i = plain; i < count; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                escaped(value.substring(i).getBytes(StandardCharsets.UTF_8));
                return this;
            }
            escape((byte) c);
        }
        return this;
    }

    /** How many leading characters are ASCII that COPY takes as they are (most values: all of them). */
    private static int plainPrefix(String value, int count) {
        int i = 0;
        while (i < count) {
            char c = value.charAt(i);
            if (c >= 0x80 || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * The first {@code count} characters, all ASCII, as bytes in one bulk copy: a character at a time through
     * {@link #escape} was a sixth of the batch write path's CPU. Callers ensure room.
     */
    @SuppressWarnings("deprecation") // the low byte of each char is exactly its ASCII byte here
    private void copyAscii(String value, int count) {
        value.getBytes(0, count, bytes, length);
        length += count;
    }

    public CopyRows number(long value) {
        separate();
        if (value < 0) {
            ascii(Long.toString(value));
            return this;
        }
        // Without the String that Long.toString would make of every count of every row.
        int width = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            width++;
        }
        ensure(width);
        zeroPadded(value, width);
        return this;
    }

    public CopyRows decimal(BigDecimal value) {
        return value == null ? text(null) : text(value.toPlainString());
    }

    /**
     * An instant as {@code yyyy-mm-ddThh:mm:ss.nnnnnnnnnZ}, which PostgreSQL reads like the ISO-8601 text of
     * {@link Instant#toString()} (rounding to microseconds), without its formatter's cost.
     */
    public CopyRows timestamp(Instant value) {
        if (value == null) {
            return text(null);
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(value.getEpochSecond(), value.getNano(), ZoneOffset.UTC);
        if (utc.getYear() < 1000 || utc.getYear() > 9999) {
            return text(value.toString());
        }
        separate();
        ensure(30);
        digits(utc.getYear(), 4, '-');
        digits(utc.getMonthValue(), 2, '-');
        digits(utc.getDayOfMonth(), 2, 'T');
        digits(utc.getHour(), 2, ':');
        digits(utc.getMinute(), 2, ':');
        digits(utc.getSecond(), 2, '.');
        digits(utc.getNano(), 9, 'Z');
        return this;
    }

    public CopyRows json(Map<String, Object> value) {
        separate();
        if (value == null || value.isEmpty()) {
            append(EMPTY_JSON_OBJECT);
            return this;
        }
        try {
            escaped(json.writeValueAsBytes(value));
            return this;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON", e);
        }
    }

    public void endRow() {
        ensure(1);
        bytes[length++] = '\n';
        rowStarted = false;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** The rows as text, for tests and diagnostics. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void separate() {
        if (rowStarted) {
            ensure(1);
            bytes[length++] = '\t';
        }
        rowStarted = true;
    }

    /** UTF-8 bytes with COPY's escapes; bytes of multi-byte characters never equal the ASCII ones escaped here. */
    private void escaped(byte[] utf8) {
        ensure(utf8.length * 2);
        for (byte b : utf8) {
            escape(b);
        }
    }

    /** Callers ensure room for two bytes. */
    private void escape(byte b) {
        byte escapedAs = switch (b) {
            case '\\' -> '\\';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
        if (escapedAs == 0) {
            bytes[length++] = b;
        } else {
            bytes[length++] = '\\';
            bytes[length++] = escapedAs;
        }
    }

    private void ascii(String value) {
        ensure(value.length());
        for (int i = 0; i < value.length(); i++) {
            bytes[length++] = (byte) value.charAt(i);
        }
    }

    /** A zero-padded non-negative number followed by a separator; callers ensure room. */
    private void digits(int value, int width, char separator) {
        zeroPadded(value, width);
        bytes[length++] = (byte) separator;
    }

    /** A non-negative number in exactly {@code width} digits, zero-padded; callers ensure room. */
    private void zeroPadded(long value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void append(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
