package dev.goodhart.ingest.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Rows COPYed in binary hold exactly what PostgreSQL makes of the same values as text, which is how they were stored
 * before: timestamps rounded to microseconds alike, decimals rounded to the column's scale alike.
 */
@QuarkusTest
class CopyRowsDatabaseTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Test
    void storesWhatPostgresqlReadsFromTheTextOfTheSameValues() throws Exception {
        Random random = new Random(20261125);
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("2026-11-25T14:53:24Z"),
                Instant.parse("2026-01-02T03:04:05.000000500Z"), Instant.parse("2026-01-02T03:04:05.000001500Z"),
                Instant.parse("2026-01-02T03:04:05.999999500Z"), Instant.parse("1999-12-31T23:59:59.999999999Z")));
        List<BigDecimal> decimals = new ArrayList<>(List.of(new BigDecimal("0"), new BigDecimal("0.0123"),
                new BigDecimal("0.000000005"), new BigDecimal("0.000000015"), new BigDecimal("0.123456785"),
                new BigDecimal("9999.99999999"), new BigDecimal("1E+3"), new BigDecimal("1234567890.1"),
                new BigDecimal("-0.5")));
        while (instants.size() < 500) {
            instants.add(Instant.parse("2026-11-25T00:00:00Z").plus(random.nextLong(86_400_000_000_000L), ChronoUnit.NANOS));
            decimals.add(BigDecimal.valueOf(random.nextLong(1_000_000_000_000L), 2 + random.nextInt(11)));
        }
        String odd = "tab\there, new\nline, back\\slash, Zoë 😀";
        CopyRows rows = new CopyRows(json, 5, instants.size());
        for (int i = 0; i < instants.size(); i++) {
            rows.number(i).timestamp(instants.get(i)).decimal(decimals.get(i)).text(odd + i)
                    .json(Map.of("n", i, "s", odd)).endRow();
        }

        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temp table copy_check (n bigint, t timestamptz, d numeric(18, 8), x text, "
                        + "j jsonb) on commit drop");
            }
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy copy_check from stdin (format binary)", new ByteArrayInputStream(rows.bytes(), 0, rows.length()));
            try (PreparedStatement check = connection.prepareStatement("""
                    select count(*) from copy_check c
                    join unnest(?::text[], ?::text[]) with ordinality as k(t, d, n) on c.n = k.n - 1
                    where c.t = k.t::timestamptz and c.d::text = k.d::numeric(18, 8)::text and c.x = ? || c.n
                      and c.j = jsonb_build_object('n', c.n, 's', ?::text)
                    """)) {
                check.setArray(1, connection.createArrayOf("text", instants.stream().map(Instant::toString).toArray()));
                check.setArray(2, connection.createArrayOf("text", decimals.stream().map(BigDecimal::toPlainString).toArray()));
                check.setString(3, odd);
                check.setString(4, odd);
                try (ResultSet count = check.executeQuery()) {
                    count.next();
                    assertEquals(instants.size(), count.getInt(1));
                }
            } finally {
                connection.rollback();
            }
        }
    }
}
