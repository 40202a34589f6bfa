package dev.goodhart.ingest.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CopyRowsTest {

    private final CopyRows rows = new CopyRows(new ObjectMapper(), 1);

    @Test
    void escapesCopysSpecialCharactersAndSeparatesColumnsByTabs() {
        rows.text("a\\b\tc\nd\re").text(null).number(-42).decimal(new BigDecimal("0.0123")).decimal(null).endRow();
        rows.text("second").endRow();

        assertEquals("a\\\\b\\tc\\nd\\re\t\\N\t-42\t0.0123\t\\N\nsecond\n", rows.toString());
    }

    @Test
    void writesTextBeyondAsciiAsUtf8EscapingWhatFollowsIt() {
        rows.text("Zoë\tß €😀\\").endRow();

        assertEquals("Zoë\\tß €😀\\\\\n", rows.toString());
        assertEquals(rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, rows.length());
    }

    @Test
    void writesInstantsAsIsoTextPostgresqlReads() {
        rows.timestamp(Instant.parse("2026-11-25T14:53:24Z"))
                .timestamp(Instant.parse("2026-01-02T03:04:05.000123456Z"))
                .timestamp(Instant.parse("0999-12-31T23:59:59Z"))
                .timestamp(null)
                .endRow();

        assertEquals("2026-11-25T14:53:24.000000000Z\t2026-01-02T03:04:05.000123456Z\t0999-12-31T23:59:59Z\t\\N\n",
                rows.toString());
    }

    @Test
    void writesAttributesAsEscapedJson() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("path", "C:\\tmp");
        attributes.put("note", "two\nlines é");
        rows.json(attributes).json(Map.of()).json(null).endRow();

        assertEquals("{\"path\":\"C:\\\\\\\\tmp\",\"note\":\"two\\\\nlines é\"}\t{}\t{}\n", rows.toString());
    }

    @Test
    void growsBeyondItsFirstBuffer() {
        String value = "x".repeat(5_000);
        for (int i = 0; i < 3; i++) {
            rows.text(value).number(i).endRow();
        }

        assertEquals((value + "\t0\n" + value + "\t1\n" + value + "\t2\n"), rows.toString());
    }

    @Test
    void writesWholeNumbersOfEveryWidth() {
        rows.number(0).number(7).number(10).number(1_234_567_890_123L).number(Long.MAX_VALUE).number(Long.MIN_VALUE)
                .endRow();

        assertEquals("0\t7\t10\t1234567890123\t9223372036854775807\t-9223372036854775808\n", rows.toString());
    }

    @Test
    void stopsTheBulkCopyAtTheFirstCharacterThatIsNotPlainAscii() {
        // U+0141 and U+0158 end in the bytes of 'A' and 'X': only their UTF-8 may reach the row.
        rows.text("plain").text("Łódź ŘX").text("ok\\").text("").endRow();

        assertEquals("plain\tŁódź ŘX\tok\\\\\t\n", rows.toString());
        assertEquals(rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, rows.length());
    }
}
