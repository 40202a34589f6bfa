package dev.goodhart.ingest.copilot;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.Directory;
import dev.goodhart.ingest.support.UsageRows;

@QuarkusTest
class CopilotImportResourceTest {

    private static final PersonKeys KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");
    private static final String NDJSON = "application/x-ndjson";

    @Inject
    UsageRows rows;

    /**
     * A user-level report line with every field of GitHub's documented example schema (user-level, with the CLI
     * breakdown), for one user and day.
     */
    private static String line(String login, LocalDate day) {
        return """
                {"ai_credits_used": 12.5, "code_acceptance_activity_count": 7, "code_generation_activity_count": 19, \
                "day": "%s", "enterprise_id": "1", "loc_added_sum": 64, "loc_deleted_sum": 3, \
                "loc_suggested_to_add_sum": 120, "loc_suggested_to_delete_sum": 5, \
                "totals_by_cli": {"last_known_cli_version": {"cli_version": "1.0.8", "sampled_at": "%sT00:01:43.000Z"}, \
                "prompt_count": 2, "request_count": 3, "session_count": 2, \
                "token_usage": {"avg_tokens_per_request": 4400.0, "output_tokens_sum": 5000, "prompt_tokens_sum": 3800}}, \
                "totals_by_feature": [{"code_acceptance_activity_count": 7, "code_generation_activity_count": 19, \
                "feature": "code_completion", "loc_added_sum": 64, "loc_deleted_sum": 3, "loc_suggested_to_add_sum": 120, \
                "loc_suggested_to_delete_sum": 5, "user_initiated_interaction_count": 0}, \
                {"code_acceptance_activity_count": 0, "code_generation_activity_count": 0, "feature": "chat_panel_agent_mode", \
                "loc_added_sum": 0, "loc_deleted_sum": 0, "loc_suggested_to_add_sum": 0, "loc_suggested_to_delete_sum": 0, \
                "user_initiated_interaction_count": 4}], \
                "totals_by_ide": [{"code_acceptance_activity_count": 7, "code_generation_activity_count": 19, "ide": "vscode", \
                "last_known_ide_version": {"ide_version": "1.85.0", "sampled_at": "%sT00:00:02.000Z"}, \
                "last_known_plugin_version": {"plugin": "copilot-chat", "plugin_version": "0.31.0", "sampled_at": "%sT00:00:02.000Z"}, \
                "loc_added_sum": 64, "loc_deleted_sum": 3, "loc_suggested_to_add_sum": 120, "loc_suggested_to_delete_sum": 5, \
                "user_initiated_interaction_count": 4}], \
                "totals_by_language_feature": [{"code_acceptance_activity_count": 7, "code_generation_activity_count": 19, \
                "feature": "code_completion", "language": "java", "loc_added_sum": 64, "loc_deleted_sum": 3, \
                "loc_suggested_to_add_sum": 120, "loc_suggested_to_delete_sum": 5}], \
                "totals_by_language_model": [{"code_acceptance_activity_count": 7, "code_generation_activity_count": 19, \
                "language": "java", "model": "gpt-4.1", "loc_added_sum": 64, "loc_deleted_sum": 3, \
                "loc_suggested_to_add_sum": 120, "loc_suggested_to_delete_sum": 5}], \
                "totals_by_model_feature": [{"code_acceptance_activity_count": 0, "code_generation_activity_count": 0, \
                "feature": "chat_panel_agent_mode", "model": "claude-sonnet-4", "loc_added_sum": 0, "loc_deleted_sum": 0, \
                "loc_suggested_to_add_sum": 0, "loc_suggested_to_delete_sum": 0, "user_initiated_interaction_count": 4}], \
                "used_agent": true, "used_chat": true, "used_cli": true, \
                "user_id": 1042, "user_initiated_interaction_count": 4, "user_login": "%s"}
                """.formatted(day, day, day, day, login).strip();
    }

    @Test
    @TestSecurity(user = "copilot-sync", roles = Roles.USAGE_WRITER)
    void aReportLineBecomesACountOnlyDailySampleACliTokenSampleAndAnAcceptanceOutcome() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String login = "mona-" + tag;
        Directory.upsert("{\"email\": \"mona-%s@example.com\", \"githubLogin\": \"%s\", \"teams\": [\"web\"]}"
                .formatted(tag, login));
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        String report = line(login, day) + "\n";
        given().contentType(NDJSON).body(report.getBytes(StandardCharsets.UTF_8)).post("/v1/imports/copilot").then().log().ifValidationFails()
                .statusCode(200).body("lines", equalTo(1))
                .body("usage.stored", equalTo(2)).body("outcomes.stored", equalTo(1));
        given().contentType(NDJSON).body(report.getBytes(StandardCharsets.UTF_8)).post("/v1/imports/copilot").then().statusCode(200)
                .body("usage.stored", equalTo(0)).body("usage.duplicates", equalTo(2))
                .body("outcomes.duplicates", equalTo(1));

        String person = KEYS.personKey("mona-" + tag + "@example.com");
        List<Map<String, Object>> samples = rows.where("usage_event", "person_key", person);
        assertEquals(2, samples.size(), samples.toString());
        Map<String, Object> daily = samples.stream().filter(row -> "copilot_daily_activity".equals(row.get("operation")))
                .findFirst().orElseThrow();
        assertEquals("copilot", daily.get("source"));
        assertEquals("web", daily.get("team"));
        assertEquals("github", daily.get("provider"));
        assertEquals(day.atStartOfDay().toInstant(ZoneOffset.UTC),
                daily.get("occurred_at"));
        for (String tokens : List.of("input_tokens", "cache_read_tokens", "cache_write_tokens", "output_tokens",
                "reasoning_tokens")) {
            assertEquals(0L, daily.get(tokens), "no token numbers are invented: " + tokens);
        }
        JsonNode attributes = new ObjectMapper().readTree(daily.get("attributes_text").toString());
        assertFalse(attributes.get("goodhart.tokens_reported").asBoolean(true));
        Map<String, Object> expected = Map.ofEntries(
                Map.entry("copilot.user_initiated_interaction_count", 4),
                Map.entry("copilot.code_generation_activity_count", 19),
                Map.entry("copilot.code_acceptance_activity_count", 7),
                Map.entry("copilot.loc_suggested_to_add_sum", 120),
                Map.entry("copilot.loc_suggested_to_delete_sum", 5),
                Map.entry("copilot.loc_added_sum", 64),
                Map.entry("copilot.loc_deleted_sum", 3));
        expected.forEach((key, value) -> assertEquals(value, attributes.get(key).asInt(), key));
        assertTrue(attributes.get("copilot.used_agent").asBoolean());
        assertTrue(attributes.get("copilot.used_chat").asBoolean());
        assertTrue(attributes.get("copilot.used_cli").asBoolean());
        assertEquals(12.5, attributes.get("copilot.ai_credits_used").asDouble());
        assertEquals("[\"vscode\"]", attributes.get("copilot.ides").toString());
        assertEquals("[\"chat_panel_agent_mode\",\"code_completion\"]", attributes.get("copilot.features").toString());
        assertEquals("[\"java\"]", attributes.get("copilot.languages").toString());
        assertEquals("[\"claude-sonnet-4\",\"gpt-4.1\"]", attributes.get("copilot.models").toString());
        assertFalse(daily.toString().contains(login), "the login is never stored: " + daily);

        Map<String, Object> cli = samples.stream().filter(row -> "copilot_cli".equals(row.get("operation")))
                .findFirst().orElseThrow();
        assertEquals(3800L, cli.get("input_tokens"));
        assertEquals(5000L, cli.get("output_tokens"));
        assertTrue(cli.get("attributes_text").toString().contains("\"copilot.cli.request_count\": 3"));

        List<Map<String, Object>> accepted = rows.where("outcome_event", "person_key", person);
        assertEquals(1, accepted.size());
        assertEquals("output_accepted", accepted.get(0).get("kind"));
        assertTrue(accepted.get(0).get("attributes_text").toString().contains("\"count\": 7"));
    }

    @Test
    @TestSecurity(user = "copilot-sync", roles = Roles.USAGE_WRITER)
    void invalidLinesAreRejectedByLineAndTheOthersStored() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        String good = line("ok-" + tag, day);
        String negative = line("neg-" + tag, day).replace("\"code_acceptance_activity_count\": 7,",
                "\"code_acceptance_activity_count\": -7,");
        String noLogin = line("x", day).replace("\"user_login\": \"x\"", "\"user_login\": null");
        String badDay = line("day-" + tag, day).replace("\"day\": \"" + day + "\"", "\"day\": \"yesterday\"");
        String old = line("old-" + tag, day.minusYears(3));
        given().contentType(NDJSON).body(String.join("\n", good, negative, noLogin, badDay, old).getBytes(StandardCharsets.UTF_8))
                .post("/v1/imports/copilot").then().log().ifValidationFails().statusCode(200)
                .body("lines", equalTo(5)).body("usage.stored", equalTo(2))
                .body("usage.rejected.find { it.line == 2 }.field", equalTo("code_acceptance_activity_count"))
                .body("usage.rejected.find { it.line == 3 }.field", equalTo("user_login"))
                .body("usage.rejected.find { it.line == 4 }.field", equalTo("day"))
                .body("usage.rejected.find { it.line == 5 }.field", equalTo("occurredAt"));

        given().contentType("application/json").body("[]").post("/v1/imports/copilot").then().statusCode(415);
        given().contentType(NDJSON).queryParam("atomic", "true").body(String.join("\n", line("at-" + tag, day), negative).getBytes(StandardCharsets.UTF_8))
                .post("/v1/imports/copilot").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing was stored")).body("errors", hasSize(1));
    }

    @Test
    void anonymousCallersAreRefused() {
        given().contentType(NDJSON).body("{}".getBytes(StandardCharsets.UTF_8)).post("/v1/imports/copilot").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotImport() {
        given().contentType(NDJSON).body("{}".getBytes(StandardCharsets.UTF_8)).post("/v1/imports/copilot").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotImport() {
        given().contentType(NDJSON).body("{}".getBytes(StandardCharsets.UTF_8)).post("/v1/imports/copilot").then().statusCode(403);
    }
}
