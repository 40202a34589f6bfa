package dev.goodhart.scoring.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;

import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's binary COPY format, sent in one round trip. COPY is how a page of ten thousand events reaches
 * the database in milliseconds; the binary format spares both sides rendering and parsing numbers and timestamps as
 * text (row-by-row INSERTs, or an ORM, would cap the pipeline far below its target).
 *
 * <p>Format: a 19-byte header; per row a 16-bit field count, then per field a 32-bit length (-1 for null) and the
 * value in network byte order (bool as one byte, int4, int8, timestamptz as microseconds since 2000-01-01, text as
 * UTF-8, numeric as digit count, weight, sign, display scale and base-10,000 digits, 16 bits each); a 16-bit -1 ends
 * the data.
 */
final class CopyRows {

    private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0,
            0, 0, 0 };
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final int FRACTION_GROUPS = 2;
    private static final long[] TEN_POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    private final short fields;
    private byte[] buffer;
    private int size;
    private int count;
    /** Whether the end marker is written: the same rows may be sent twice (see FeedApplier). */
    private boolean ended;

    CopyRows(int fields, int expectedRows) {
        this.fields = (short) fields;
        this.buffer = new byte[HEADER.length + Math.max(1, expectedRows) * fields * 16];
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        this.size = HEADER.length;
    }

    CopyRows row() {
        ensure(2);
        putShort(fields);
        count++;
        return this;
    }

    CopyRows text(String value) {
        if (value == null) {
            return nothing();
        }
        int length = value.length();
        ensure(4 + length);
        int lengthAt = size;
        size += 4;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                size = lengthAt;
                return bytes(value.getBytes(StandardCharsets.UTF_8));
            }
            buffer[size++] = (byte) c;
        }
        putIntAt(lengthAt, length);
        return this;
    }

    CopyRows int4(int value) {
        ensure(8);
        putInt(4);
        putInt(value);
        return this;
    }

    CopyRows int4(Integer value) {
        return value == null ? nothing() : int4(value.intValue());
    }

    CopyRows bool(boolean value) {
        ensure(5);
        putInt(1);
        buffer[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    CopyRows int8(long value) {
        ensure(12);
        putInt(8);
        putLong(value);
        return this;
    }

    CopyRows int8(Long value) {
        return value == null ? nothing() : int8(value.longValue());
    }

    CopyRows timestamp(Instant value) {
        long micros = Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L) + value.getNano() / 1_000;
        return int8(micros);
    }

    /**
     * A non-negative decimal of at most 18 digits, at {@code scale} (0 to 8), in numeric's binary form: base-10,000
     * digits, most significant first, with the weight of the first one.
     */
    CopyRows numeric(BigDecimal value, int scale) {
        if (value.scale() != scale || scale < 0 || scale > 4 * FRACTION_GROUPS || value.signum() < 0
                || value.precision() > 18) {
            throw new IllegalArgumentException("not a non-negative decimal of at most 18 digits and scale " + scale
                    + ": " + value);
        }
        // Whole groups of four fraction digits: 0.0123 at scale 8 is 0.0123|0000. At most 18 + 8 - scale digits: a long.
        long rest = Math.multiplyExact(value.unscaledValue().longValueExact(), TEN_POWERS[4 * FRACTION_GROUPS - scale]);
        short[] digits = new short[8];
        int count = 0;
        while (rest != 0 || count < FRACTION_GROUPS) {
            digits[count++] = (short) (rest % 10_000);
            rest /= 10_000;
        }
        ensure(4 + 8 + 2 * count);
        putInt(8 + 2 * count);
        putShort((short) count);
        putShort((short) (count - FRACTION_GROUPS - 1));
        putShort((short) 0);
        putShort((short) scale);
        for (int i = count - 1; i >= 0; i--) {
            putShort(digits[i]);
        }
        return this;
    }

    int count() {
        return count;
    }

    /** Sends the rows with {@code copy <table> (<columns>) from stdin (format binary)}; no rows are added after. */
    void copyInto(Connection connection, String tableAndColumns) throws SQLException {
        if (count == 0) {
            return;
        }
        if (!ended) {
            ensure(2);
            putShort((short) -1);
            ended = true;
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + tableAndColumns + " from stdin (format binary)",
                    new ByteArrayInputStream(buffer, 0, size));
        } catch (IOException e) {
            throw new SQLException("COPY into " + tableAndColumns + " failed", e);
        }
    }

    private CopyRows bytes(byte[] value) {
        ensure(4 + value.length);
        putInt(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    private CopyRows nothing() {
        ensure(4);
        putInt(-1);
        return this;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private void putShort(short value) {
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    private void putInt(int value) {
        putIntAt(size, value);
        size += 4;
    }

    private void putIntAt(int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
