package dev.goodhart.scoring.score;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams the rows of a query with {@code COPY (...) TO STDOUT (FORMAT binary)} and decodes them field by field. A
 * scoring run reads millions of rows per week; the binary COPY format skips the text rendering and parsing that a
 * JDBC result set does for every value, which made loading several times faster.
 *
 * <p>Format: a 19-byte header, then per row a 16-bit field count and per field a 32-bit length (-1 for null) and the
 * value in network byte order; int8 and int4 as integers, bool as one byte, text as UTF-8, timestamptz as microseconds
 * since 2000-01-01, tid as a 32-bit block and a 16-bit line number.
 */
final class BinaryCopyReader implements AutoCloseable {

    private static final int HEADER_LENGTH = 19;
    private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

    private final CopyOut copy;
    /** Text fields repeat millions of times and rows come in feed order: most equal the previous row's value. */
    private static final int MAX_TEXT_FIELDS = 16;

    private final Map<String, String> strings = new HashMap<>();
    private final byte[][] previousBytes = new byte[MAX_TEXT_FIELDS][];
    private final String[] previousValues = new String[MAX_TEXT_FIELDS];
    private int textField;
    private ByteBuffer row;
    private boolean headerSkipped;

    BinaryCopyReader(Connection connection, String query) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("copy (" + query + ") to stdout (format binary)");
    }

    /** Moves to the next row; false after the last one. */
    boolean next() throws SQLException {
        byte[] data = copy.readFromCopy();
        if (data == null) {
            return false;
        }
        row = ByteBuffer.wrap(data);
        textField = 0;
        if (!headerSkipped) {
            headerSkipped = true;
            row.position(HEADER_LENGTH);
            if (!row.hasRemaining()) {
                return next();
            }
        }
        short fields = row.getShort();
        return fields >= 0 || next();
    }

    /** An int8 or int4 field; 0 when null. */
    long integer() {
        int length = row.getInt();
        return switch (length) {
            case -1 -> 0;
            case 4 -> row.getInt();
            case 8 -> row.getLong();
            default -> throw new IllegalStateException("not an integer field: " + length + " bytes");
        };
    }

    /** A boolean field; false when null. */
    boolean bool() {
        int length = row.getInt();
        if (length == -1) {
            return false;
        }
        if (length != 1) {
            throw new IllegalStateException("not a boolean field: " + length + " bytes");
        }
        return row.get() != 0;
    }

    /** A tid field (a row's physical address: block and line number) as {@code block << 16 | line}. */
    long tid() {
        int length = row.getInt();
        if (length != 6) {
            throw new IllegalStateException("not a tid field: " + length + " bytes");
        }
        return (row.getInt() & 0xffffffffL) << 16 | (row.getShort() & 0xffff);
    }

    /** Whether the next field is null, without consuming it. */
    boolean nextIsNull() {
        return row.getInt(row.position()) == -1;
    }

    /** A timestamptz field as epoch milliseconds. */
    long timestampMillis() {
        int length = row.getInt();
        if (length != 8) {
            throw new IllegalStateException("not a timestamp field: " + length + " bytes");
        }
        return Math.floorDiv(row.getLong(), 1_000L) + POSTGRES_EPOCH_MILLIS;
    }

    /** A text field; repeated values share one String (teams, agents and kinds repeat millions of times). */
    String text() {
        int field = textField++;
        int length = row.getInt();
        if (length < 0) {
            return null;
        }
        int start = row.position();
        row.position(start + length);
        byte[] previous = previousBytes[field];
        if (previous != null && Arrays.equals(previous, 0, previous.length, row.array(), start, start + length)) {
            return previousValues[field];
        }
        String value = strings.computeIfAbsent(new String(row.array(), start, length, StandardCharsets.UTF_8), v -> v);
        previousBytes[field] = Arrays.copyOfRange(row.array(), start, start + length);
        previousValues[field] = value;
        return value;
    }

    /** A text field that rarely repeats (references): not kept in the shared strings. */
    String uniqueText() {
        int length = row.getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(row.array(), row.position(), length, StandardCharsets.UTF_8);
        row.position(row.position() + length);
        return value;
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
