package dev.goodhart.ingest.usage;

import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.smallUsage;
import static dev.goodhart.ingest.support.TestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.StoredRows;

@QuarkusTest
class UsageEventResourceTest {

    private static final String NDJSON = "application/x-ndjson";
    private static final PersonKeys TEST_KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");

    @Inject
    StoredRows rows;

    @TestHTTPResource("/v1/usage-events")
    URI usageEvents;

    private static ValidatableResponse post(String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).post("/v1/usage-events")
                .then().log().ifValidationFails();
    }

    private static ValidatableResponse postJson(String body) {
        return post(ContentType.JSON.toString(), body);
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void storesAnEventOnceAndReportsTheRetryAsDuplicate() {
        String id = newId("evt");
        postJson(usage(id)).statusCode(200).body("stored", equalTo(1)).body("duplicates", equalTo(0))
                .body("rejected", empty());
        postJson(usage(id)).statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(1));

        assertEquals(1, rows.count("usage_event", id));
        String stored = rows.rowText("usage_event", id);
        assertTrue(stored.contains(TEST_KEYS.personKey("alice@example.com")), stored);
        assertFalse(stored.toLowerCase().contains("alice"), "person identifiers never reach the database: " + stored);
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void storesAJsonArrayCountingARepeatedIdOnceAndEarlierIdsAsDuplicates() {
        String known = newId("evt");
        postJson(smallUsage(known)).statusCode(200).body("stored", equalTo(1));
        String first = newId("evt");
        String second = newId("evt");
        String body = "[" + smallUsage(first) + "," + smallUsage(second) + "," + smallUsage(first) + ","
                + smallUsage(known) + "]";
        postJson(body).statusCode(200).body("stored", equalTo(2)).body("duplicates", equalTo(2))
                .body("rejected", empty());
        assertEquals(1, rows.count("usage_event", first));
        assertEquals(1, rows.count("usage_event", second));
        assertEquals(1, rows.count("usage_event", known));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void aLargeBatchIsStoredOnceAndItsRetryWithNewEventsStoresOnlyTheNewOnes() {
        // Large enough that the ids are claimed by COPY, which a known id makes fall back to claiming one by one.
        List<String> firstIds = IntStream.range(0, 40).mapToObj(i -> newId("evt")).toList();
        List<String> newIds = IntStream.range(0, 25).mapToObj(i -> newId("evt")).toList();
        postJson(array(firstIds)).statusCode(200).body("stored", equalTo(40)).body("duplicates", equalTo(0));

        List<String> retry = new ArrayList<>(newIds);
        retry.addAll(firstIds);
        postJson(array(retry)).statusCode(200).body("stored", equalTo(25)).body("duplicates", equalTo(40))
                .body("rejected", empty());
        postJson(array(retry)).statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(65));

        for (String id : retry) {
            assertEquals(1, rows.count("usage_event", id), id);
        }
    }

    private static String array(List<String> ids) {
        return ids.stream().map(id -> smallUsage(id)).collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void storesTheValidItemsOfABatchAndNamesEachRejectedField() {
        String good = newId("evt");
        String negative = newId("evt");
        String absurd = newId("evt");
        String future = newId("evt");
        String tooOld = newId("evt");
        String unknownTrigger = newId("evt");
        String wrongType = newId("evt");
        String noTokens = newId("evt");
        Instant now = Instant.now();
        List<String> items = List.of(
                smallUsage(good),
                smallUsage(negative).replace("\"inputTokens\": 10", "\"inputTokens\": -4"),
                smallUsage(absurd).replace("\"inputTokens\": 10", "\"inputTokens\": 10, \"outputTokens\": 99000000000"),
                usage(future, now.plus(1, ChronoUnit.DAYS)),
                usage(tooOld, now.minus(800, ChronoUnit.DAYS)),
                usage(unknownTrigger).replace("\"human\"", "\"robot\""),
                smallUsage(wrongType).replace("\"inputTokens\": 10", "\"inputTokens\": \"lots\""),
                smallUsage(noTokens).replace(", \"inputTokens\": 10", ""),
                "42");
        postJson("[" + String.join(",", items) + "]")
                .statusCode(200)
                .body("stored", equalTo(1)).body("duplicates", equalTo(0))
                .body("rejected", hasSize(8))
                .body("rejected.find { it.index == 1 }.field", equalTo("inputTokens"))
                .body("rejected.find { it.index == 1 }.detail", containsString("greater than or equal to 0"))
                .body("rejected.find { it.index == 2 }.field", equalTo("outputTokens"))
                .body("rejected.find { it.index == 3 }.field", equalTo("occurredAt"))
                .body("rejected.find { it.index == 3 }.detail", containsString("future"))
                .body("rejected.find { it.index == 4 }.field", equalTo("occurredAt"))
                .body("rejected.find { it.index == 4 }.detail", containsString("retention"))
                .body("rejected.find { it.index == 5 }.field", equalTo("trigger"))
                .body("rejected.find { it.index == 5 }.detail", containsString("human, schedule, agent"))
                .body("rejected.find { it.index == 6 }.field", equalTo("inputTokens"))
                .body("rejected.find { it.index == 6 }.detail", equalTo("must be a whole number"))
                .body("rejected.find { it.index == 7 }.field", equalTo("inputTokens"))
                .body("rejected.find { it.index == 8 }.field", nullValue())
                .body("rejected.find { it.index == 8 }.detail", equalTo("must be a JSON object"));
        assertEquals(1, rows.count("usage_event", good));
        for (String refused : List.of(negative, absurd, future, tooOld, unknownTrigger, wrongType, noTokens)) {
            assertEquals(0, rows.count("usage_event", refused), refused);
        }
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void allOrNothingRefusesTheWholeBatchNamingEveryRejectedItem() {
        String good = newId("evt");
        String bad = newId("evt");
        String alsoBad = newId("evt");
        String body = "[" + smallUsage(good) + ","
                + smallUsage(bad).replace("\"inputTokens\": 10", "\"inputTokens\": -1") + ","
                + smallUsage(alsoBad).replace("\"person\": \"bob@example.com\", ", "") + "]";
        given().contentType(ContentType.JSON).queryParam("atomic", "true").body(body).post("/v1/usage-events")
                .then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/validation"))
                .body("detail", containsString("2 of 3 events are not valid"))
                .body("detail", containsString("nothing was stored"))
                .body("errors.field", hasItems("[1].inputTokens", "[2].person"));
        assertEquals(0, rows.count("usage_event", good));

        String valid = "[" + smallUsage(good) + "]";
        given().contentType(ContentType.JSON).queryParam("atomic", "true").body(valid).post("/v1/usage-events")
                .then().statusCode(200).body("stored", equalTo(1));
        given().contentType(ContentType.JSON).queryParam("atomic", "perhaps").body(valid).post("/v1/usage-events")
                .then().statusCode(400).body("errors[0].field", equalTo("atomic"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void aBatchWithNoAcceptableEventIsAProblemNotASuccess() {
        postJson("[" + smallUsage(newId("evt")).replace("\"inputTokens\": 10", "\"inputTokens\": -1") + "]")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("[0].inputTokens"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void acceptsNdjsonAndNamesTheLineOfRejectedEvents() {
        String first = newId("evt");
        String second = newId("evt");
        String body = smallUsage(first) + "\n\n" + smallUsage(second).replace("\"inputTokens\": 10", "\"inputTokens\": -2")
                + "\r\n" + smallUsage(first) + "\n";
        post(NDJSON, body).statusCode(200)
                .body("stored", equalTo(1)).body("duplicates", equalTo(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].line", equalTo(3))
                .body("rejected[0].field", equalTo("inputTokens"));
        assertEquals(1, rows.count("usage_event", first));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void malformedNdjsonIsRefusedNamingTheLine() {
        String id = newId("evt");
        post(NDJSON, smallUsage(id) + "\n" + smallUsage(newId("evt")) + "\n{\"id\": \"broken\",\n")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"))
                .body("detail", containsString("line 3"));
        assertEquals(0, rows.count("usage_event", id), "nothing of a malformed request is stored");
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void malformedJsonIsAProblemThatSaysWhere() {
        postJson("[\n" + smallUsage(newId("evt")) + ",\n {\"id\": \"evt-1\", \"occurredAt\": }]")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"))
                .body("detail", containsString("line 3, column"));
        postJson("{\"id\": \"evt-1\", \"occurredAt\": ").statusCode(400)
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"))
                .body("detail", containsString("line 1"));
        postJson("").statusCode(400).body("type", equalTo("https://goodhart.dev/problems/malformed-body"));
        postJson("\"just a string\"").statusCode(400).body("type", equalTo("https://goodhart.dev/problems/malformed-body"));
        postJson("{\"id\": \"a\", \"id\": \"b\"}").statusCode(400)
                .body("detail", containsString("Duplicate field 'id'"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void aSingleInvalidEventIsAProblemNamingItsFields() {
        postJson("{\"id\": \"evt-x\", \"inputTokens\": 3}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/validation"))
                .body("errors.field", hasItem("person"))
                .body("errors.field", hasItem("occurredAt"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void rawPromptsAndContentAttributesAreRefusedAndNeverStored() {
        String withPrompt = newId("evt");
        String withOutput = newId("evt");
        String withContentAttribute = newId("evt");
        String withNul = newId("evt");
        String body = "[" + smallUsage(withPrompt).replace("}", ", \"prompt\": \"Summarise the secret merger memo\"}")
                + "," + smallUsage(withOutput).replace("}", ", \"output\": \"The merger memo says...\"}")
                + "," + smallUsage(withContentAttribute).replace("}",
                        ", \"attributes\": {\"gen_ai.input.messages\": \"the secret merger memo\"}}")
                + "," + smallUsage(withNul).replace("bob@example.com", "bob\\u0000@example.com") + "]";
        postJson(body).statusCode(400)
                .body("errors.field", hasItems("[0].prompt", "[1].output", "[2].attributes.gen_ai.input.messages",
                        "[3].person"));
        assertEquals(0, rows.number("select count(*) from usage_event where attributes::text like '%merger%'", null));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void attributesAreSmallScalars() {
        String nested = smallUsage(newId("evt")).replace("}", ", \"attributes\": {\"deep\": {\"a\": 1}}}");
        String longText = smallUsage(newId("evt")).replace("}", ", \"attributes\": {\"note\": \"" + "x".repeat(600) + "\"}}");
        String fine = newId("evt");
        String allowed = smallUsage(fine).replace("}",
                ", \"attributes\": {\"gen_ai.usage.input_tokens\": 10, \"tags\": [\"a\", \"b\"], \"retry\": true}}");
        postJson("[" + nested + "," + longText + "," + allowed + "]").statusCode(200)
                .body("stored", equalTo(1))
                .body("rejected.field", hasItems("attributes.deep", "attributes.note"));
        assertTrue(rows.rowText("usage_event", fine).contains("gen_ai.usage.input_tokens"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void moreThanTheMaximumNumberOfEventsIs413AndNothingIsStored() {
        String first = newId("evt");
        String body = IntStream.range(0, 10_001).mapToObj(i -> smallUsage(i == 0 ? first : newId("evt")))
                .collect(Collectors.joining(",", "[", "]"));
        postJson(body).statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("10000"));
        assertEquals(0, rows.count("usage_event", first));
    }

    @Test
    void aBodyOverTheSizeLimitIs413BeforeItIsStored() throws Exception {
        // A raw request announcing a body one byte over the 20 MiB default; the server answers without reading it all.
        int length = 20 * 1024 * 1024 + 1;
        try (Socket socket = new Socket(usageEvents.getHost(), usageEvents.getPort())) {
            socket.setSoTimeout(20_000);
            String head = "POST /v1/usage-events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\n\r\n";
            Thread sender = new Thread(() -> {
                try {
                    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                    byte[] spaces = new byte[64 * 1024];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int sent = 0; sent < length; sent += spaces.length) {
                        socket.getOutputStream().write(spaces, 0, Math.min(spaces.length, length - sent));
                    }
                } catch (java.io.IOException closedByTheServer) {
                    // expected once the server has answered
                }
            });
            sender.start();
            String answer = readUntilBodyEnds(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("https://goodhart.dev/problems/payload-too-large"), answer);
            sender.join(20_000);
        }
    }

    /** Status line, headers and a body of the announced length (the server may keep the connection open). */
    private static String readUntilBodyEnds(Socket socket) throws java.io.IOException {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true) {
            int headEnd = answer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(answer.substring(0, headEnd));
                if (!length.find() || answer.length() - headEnd - 4 >= Integer.parseInt(length.group(1))) {
                    return answer.toString();
                }
            }
            int read = socket.getInputStream().read(buffer);
            if (read < 0) {
                return answer.toString();
            }
            answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void wrongContentTypeIs415() {
        post(ContentType.TEXT.toString(), "hello").statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void anonymousCallersAreRefused() {
        postJson(usage("evt-anon")).statusCode(401).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void feedReadersCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsCannotWriteUsage() {
        assertForbidden();
    }

    private void assertForbidden() {
        String id = newId("evt");
        postJson(usage(id)).statusCode(403).contentType("application/problem+json");
        assertEquals(0, rows.count("usage_event", id));
    }
}
