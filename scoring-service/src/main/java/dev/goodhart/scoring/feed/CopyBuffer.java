package dev.goodhart.scoring.feed;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's COPY text format, sent in one round trip. COPY is how a page of ten thousand events reaches the
 * database in milliseconds; row-by-row INSERTs (or an ORM) would cap the pipeline far below its target.
 */
final class CopyBuffer {

    private final StringBuilder rows;
    private boolean rowStarted;
    private int count;

    CopyBuffer(int expectedRows) {
        this.rows = new StringBuilder(Math.max(1_024, expectedRows * 200));
    }

    CopyBuffer text(String value) {
        separate();
        if (value == null) {
            rows.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
        return this;
    }

    CopyBuffer number(long value) {
        separate();
        rows.append(value);
        return this;
    }

    CopyBuffer number(Long value) {
        return value == null ? text(null) : number(value.longValue());
    }

    CopyBuffer endRow() {
        rows.append('\n');
        rowStarted = false;
        count++;
        return this;
    }

    int count() {
        return count;
    }

    /** Sends the rows with {@code copy <table> (<columns>) from stdin}. */
    void copyInto(Connection connection, String tableAndColumns) throws SQLException {
        if (count == 0) {
            return;
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + tableAndColumns + " from stdin", new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + tableAndColumns + " failed", e);
        }
    }

    private void separate() {
        if (rowStarted) {
            rows.append('\t');
        }
        rowStarted = true;
    }
}
