package dev.goodhart.ingest.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes), so that a batch goes
 * to the database in one COPY instead of one INSERT per event.
 */
public final class CopyRows {

    private final StringBuilder text = new StringBuilder(64 * 1024);
    private final ObjectMapper json;
    private boolean rowStarted;

    CopyRows(ObjectMapper json) {
        this.json = json;
    }

    public CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        text.append(value);
        return this;
    }

    public CopyRows decimal(BigDecimal value) {
        return value == null ? text(null) : text(value.toPlainString());
    }

    public CopyRows timestamp(Instant value) {
        return text(value == null ? null : value.toString());
    }

    public CopyRows json(Map<String, Object> value) {
        try {
            return text(json.writeValueAsString(value == null ? Map.of() : value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON", e);
        }
    }

    public void endRow() {
        text.append('\n');
        rowStarted = false;
    }

    String content() {
        return text.toString();
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
