package dev.goodhart.ingest.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The binary COPY layout; {@link CopyRowsDatabaseTest} holds the values to what PostgreSQL makes of their text. */
class CopyRowsTest {

    private static final int HEADER = 19;

    @Test
    void framesRowsWithFieldCountsLengthsAndAnEndMarker() {
        CopyRows rows = new CopyRows(new ObjectMapper(), 2, 1);
        rows.text("ab").text(null).endRow();
        rows.number(-42).text("").endRow();

        ByteBuffer data = data(rows);
        assertEquals("PGCOPY\n\u00ff\r\n\0", new String(Arrays.copyOf(rows.bytes(), 11), StandardCharsets.ISO_8859_1));
        assertEquals(2, data.getShort());
        assertEquals(2, data.getInt());
        assertEquals("ab", text(data, 2));
        assertEquals(-1, data.getInt());
        assertEquals(2, data.getShort());
        assertEquals(8, data.getInt());
        assertEquals(-42, data.getLong());
        assertEquals(0, data.getInt());
        assertEquals(-1, data.getShort());
        assertEquals(0, data.remaining());
    }

    @Test
    void writesTextBeyondAsciiAsUtf8() {
        CopyRows rows = new CopyRows(new ObjectMapper(), 1, 1);
        rows.text("Zoë\tß €😀\\").endRow();

        ByteBuffer data = data(rows);
        data.getShort();
        int length = data.getInt();
        assertEquals("Zoë\tß €😀\\".getBytes(StandardCharsets.UTF_8).length, length);
        assertEquals("Zoë\tß €😀\\", text(data, length));
    }

    @Test
    void writesDecimalsAsBase10000DigitsAlignedOnTheDecimalPoint() {
        assertArrayEquals(new short[] { 1, -1, 0, 4, 123 }, numeric(new BigDecimal("0.0123")));
        assertArrayEquals(new short[] { 3, 1, 0, 8, 1, 2345, 6700 }, numeric(new BigDecimal("12345.67000000")));
        assertArrayEquals(new short[] { 1, 0, 0, 0, 1000 }, numeric(new BigDecimal("1E+3")));
        assertArrayEquals(new short[] { 1, -3, 0x4000, 9, 5000 }, numeric(new BigDecimal("-0.000000005")));
        assertArrayEquals(new short[] { 0, 0, 0, 8 }, numeric(new BigDecimal("0E-8")));
    }

    @Test
    void writesInstantsAsMicrosecondsSince2000RoundedAsPostgresqlRoundsText() {
        assertEquals(0, timestamp(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(-1_000_000, timestamp(Instant.parse("1999-12-31T23:59:59Z")));
        assertEquals(123, timestamp(Instant.parse("2000-01-01T00:00:00.000123456Z")));
        assertEquals(1_000_000, timestamp(Instant.parse("2000-01-01T00:00:00.999999999Z")));
    }

    @Test
    void writesAttributesAsJsonbVersionOne() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("path", "C:\\tmp");
        CopyRows rows = new CopyRows(new ObjectMapper(), 2, 1);
        rows.json(attributes).json(Map.of()).endRow();

        ByteBuffer data = data(rows);
        data.getShort();
        String json = "{\"path\":\"C:\\\\tmp\"}";
        assertEquals(1 + json.length(), data.getInt());
        assertEquals(1, data.get());
        assertEquals(json, text(data, json.length()));
        assertEquals(3, data.getInt());
        assertEquals(1, data.get());
        assertEquals("{}", text(data, 2));
    }

    @Test
    void growsBeyondItsFirstBuffer() {
        CopyRows rows = new CopyRows(new ObjectMapper(), 1, 1);
        String value = "x".repeat(5_000);
        for (int i = 0; i < 3; i++) {
            rows.text(value).endRow();
        }

        ByteBuffer data = data(rows);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, data.getShort());
            assertEquals(5_000, data.getInt());
            assertEquals(value, text(data, 5_000));
        }
        assertEquals(-1, data.getShort());
    }

    @Test
    void refusesARowWithTheWrongNumberOfFields() {
        CopyRows rows = new CopyRows(new ObjectMapper(), 2, 1);
        rows.text("only one");

        assertThrows(IllegalStateException.class, rows::endRow);
    }

    private static ByteBuffer data(CopyRows rows) {
        byte[] bytes = rows.bytes();
        return ByteBuffer.wrap(bytes, HEADER, rows.length() - HEADER);
    }

    private static String text(ByteBuffer data, int length) {
        byte[] value = new byte[length];
        data.get(value);
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Digit count, weight, sign, display scale and the digits of one numeric field. */
    private static short[] numeric(BigDecimal value) {
        CopyRows rows = new CopyRows(new ObjectMapper(), 1, 1);
        rows.decimal(value).endRow();
        ByteBuffer data = data(rows);
        data.getShort();
        short[] fields = new short[(data.getInt()) / 2];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = data.getShort();
        }
        return fields;
    }

    private static long timestamp(Instant value) {
        CopyRows rows = new CopyRows(new ObjectMapper(), 1, 1);
        rows.timestamp(value).endRow();
        ByteBuffer data = data(rows);
        data.getShort();
        assertEquals(8, data.getInt());
        return data.getLong();
    }
}
