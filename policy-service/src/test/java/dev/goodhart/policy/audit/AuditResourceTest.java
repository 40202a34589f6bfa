package dev.goodhart.policy.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.policy.testing.OwnerSql;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** The audit log: who may read it, its filters, its chain, and what happens when it cannot be written. */
@QuarkusTest
class AuditResourceTest {

    /** The role the service runs as in tests, as in bin/goodhart: not the owner. */
    private static final String SERVICE_ROLE = "goodhart_policy_app";

    @Inject
    AgroalDataSource serviceDataSource;

    @BeforeEach
    void registerTheAgents() {
        Registry.register("demo-agent", "alice@example.com", "low");
        Registry.register("ops-agent", "bob@example.com", "low");
    }

    private static String decide(String agent, String body) {
        return given().auth().oauth2(KeycloakTokens.client(agent)).contentType(ContentType.JSON).body(body)
                .post("/v1/decisions").then().statusCode(200).extract().path("decisionId");
    }

    private static long seqOf(String decisionId) {
        return given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/audit?limit=1000")
                .then().statusCode(200).extract().jsonPath()
                .getLong("records.find { it.decisionId == '" + decisionId + "' }.seq");
    }

    @Test
    void policyAdminsReadTheLogFilteredAndNewestFirst() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String allowed = decide("demo-agent", Requests.deploy("staging"));
        decide("ops-agent", Requests.deploy("staging").replace("alice@example.com", "bob@example.com"));
        decide("demo-agent", Requests.deploy("prod"));

        given().auth().oauth2(KeycloakTokens.user("ada"))
                .queryParam("agent", "demo-agent").queryParam("from", before.toString())
                .get("/v1/audit")
                .then().statusCode(200)
                .body("records", hasSize(2))
                .body("records.agent", everyItem(equalTo("demo-agent")))
                .body("records[0].decision", equalTo("approval_required"))
                .body("records[1].decisionId", equalTo(allowed))
                .body("records[1].request.agent.owner", equalTo("alice@example.com"))
                .body("records[1].request.recent.lastHour", notNullValue())
                .body("records[1].hash", notNullValue());
        given().auth().oauth2(KeycloakTokens.user("ada"))
                .queryParam("person", "Bob@Example.com").queryParam("decision", "allow").queryParam("from", before.toString())
                .get("/v1/audit")
                .then().statusCode(200)
                .body("records", hasSize(1))
                .body("records[0].agent", equalTo("ops-agent"));
        given().auth().oauth2(KeycloakTokens.user("ada"))
                .queryParam("action", "deploy").queryParam("limit", 1).get("/v1/audit")
                .then().statusCode(200).body("records", hasSize(1)).body("nextBefore", notNullValue());
        given().auth().oauth2(KeycloakTokens.user("ada")).queryParam("decision", "maybe").get("/v1/audit")
                .then().statusCode(400).body("errors.field", hasItem("decision"));
        given().auth().oauth2(KeycloakTokens.user("ada")).queryParam("limit", 5000).get("/v1/audit")
                .then().statusCode(400).body("errors.field", hasItem("limit"));
    }

    @Test
    void anotherInstanceAppendingMeanwhileIsNoticedAndTheChainStaysIntact() {
        String mine = decide("demo-agent", Requests.deploy("staging"));
        long head = seqOf(mine);
        String headHash = given().auth().oauth2(KeycloakTokens.user("ada")).queryParam("limit", 1).get("/v1/audit")
                .then().statusCode(200).body("records[0].seq", equalTo((int) head)).extract().path("records[0].hash");
        // Another instance of the service appends a correctly chained record behind this one's back.
        UUID foreign = UUID.randomUUID();
        Instant at = ChainedRecord.storedInstant(Instant.now());
        AuditContent content = new AuditContent(foreign, "other-instance", "alice@example.com", "deploy", "Service",
                "checkout", "deny", "default_deny", "deny", 1, List.of(), List.of(), null, null, null, "{}");
        OwnerSql.execute("insert into audit_record (seq, decision_id, recorded_at, agent, on_behalf_of, action,"
                + " resource_type, resource_id, decision, basis, verdict, policy_version, policies, reasons, request,"
                + " prev_hash, hash) values (?, ?, ?, 'other-instance', 'alice@example.com', 'deploy', 'Service', 'checkout',"
                + " 'deny', 'default_deny', 'deny', 1, '{}', '{}', '{}', ?, ?)",
                head + 1, foreign, Timestamp.from(at), headHash,
                new ChainedRecord(head + 1, at, content.digest(), headHash).hash());

        String next = decide("demo-agent", Requests.deploy("staging"));
        assertEquals(head + 2, seqOf(next), "appended after the other instance's record, not over it");
        given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void nobodyElseReadsTheLog() {
        given().auth().oauth2(KeycloakTokens.user("hana")).get("/v1/audit").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(KeycloakTokens.user("alice")).get("/v1/audit").then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).get("/v1/audit/verify").then().statusCode(403);
        given().get("/v1/audit").then().statusCode(401);
    }

    @Test
    void verificationNamesTheFirstAlteredRecord() {
        String first = decide("demo-agent", Requests.deploy("staging"));
        decide("demo-agent", Requests.deploy("staging"));
        long seq = seqOf(first);
        given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true)).body("firstBroken", nullValue())
                .body("checked", greaterThanOrEqualTo((int) seq + 1));

        tamper("update audit_record set decision = 'deny' where seq = " + seq);
        try {
            given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/audit/verify")
                    .then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("firstBroken.seq", equalTo((int) seq))
                    .body("firstBroken.decisionId", equalTo(first))
                    .body("firstBroken.problem", containsString("contents do not match"));

            // an attacker who also rewrites the record's own hash breaks the link to the next record instead
            tamper("update audit_record set hash = repeat('a', 64) where seq = " + seq);
            given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/audit/verify")
                    .then().statusCode(200)
                    .body("firstBroken.seq", equalTo((int) seq));
        } finally {
            tamper("update audit_record set decision = 'allow', hash = (select prev_hash from audit_record where seq = "
                    + (seq + 1) + ") where seq = " + seq);
        }
        given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void theServicesDatabaseRoleCanNeitherChangeAuditRecordsNorLiftTheGuards() throws SQLException {
        decide("demo-agent", Requests.deploy("staging"));
        for (String change : new String[] { "update audit_record set decision = 'allow'", "delete from audit_record",
                "truncate audit_record", "alter table audit_record disable trigger audit_record_no_update_or_delete",
                "drop trigger audit_record_no_update_or_delete on audit_record" }) {
            assertEquals("42501", refusal(change).getSQLState(), change);
        }
        // a role without the grant option grants nothing (PostgreSQL only warns), so the update is still refused
        try (Connection connection = serviceDataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("grant update on audit_record to current_user");
        }
        assertEquals("42501", refusal("update audit_record set decision = 'allow'").getSQLState());
    }

    private SQLException refusal(String sql) {
        return assertThrows(SQLException.class, () -> {
            try (Connection connection = serviceDataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }, sql);
    }

    @Test
    void whenTheAuditCannotBeWrittenDecisionsAreRefusedAndReadinessGoesDown() {
        OwnerSql.execute("revoke insert on audit_record from " + SERVICE_ROLE);
        try {
            given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON)
                    .body(Requests.deploy("staging")).post("/v1/decisions")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("detail", containsString("so it is deny"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready")
                    .then().statusCode(503).body("status", equalTo("DOWN")));
        } finally {
            OwnerSql.execute("grant insert on audit_record to " + SERVICE_ROLE);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));
        decide("demo-agent", Requests.deploy("staging"));
    }

    /** As the owner (an attacker with the owner's credentials, not the service): lift the guards, change, restore them. */
    private static void tamper(String update) {
        OwnerSql.script(
                "alter table audit_record disable trigger audit_record_no_update_or_delete",
                "grant update on audit_record to current_user",
                update,
                "revoke update on audit_record from current_user",
                "alter table audit_record enable trigger audit_record_no_update_or_delete");
    }
}
