package dev.goodhart.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.Directory;
import dev.goodhart.ingest.support.UsageRows;

/** Real GitHub payloads (test resources github-webhooks/, from @octokit/webhooks-examples), signed as GitHub does. */
@QuarkusTest
class GithubWebhookResourceTest {

    private static final String SECRET = "test-only-github-webhook-secret";
    private static final PersonKeys KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    UsageRows rows;

    /** The payloads, and the documented changes that make the merge, approval and resolution GitHub would send. */
    static final class Payloads {

        static ObjectNode load(String name) {
            try (InputStream in = GithubWebhookResourceTest.class.getResourceAsStream("/github-webhooks/" + name)) {
                return (ObjectNode) JSON.readTree(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static long freshId() {
            return ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        }

        static ObjectNode merged(Instant at) {
            ObjectNode payload = load("pull_request.closed.json");
            ObjectNode pullRequest = (ObjectNode) payload.get("pull_request");
            pullRequest.put("id", freshId()).put("merged", true).put("merged_at", at.toString())
                    .put("closed_at", at.toString());
            return payload;
        }

        static ObjectNode approved(Instant at) {
            ObjectNode payload = load("pull_request_review.submitted.json");
            ((ObjectNode) payload.get("review")).put("id", freshId()).put("state", "approved")
                    .put("submitted_at", at.toString());
            return payload;
        }

        static ObjectNode resolved(Instant at) {
            ObjectNode payload = load("issues.reopened.json");
            payload.put("action", "closed");
            ((ObjectNode) payload.get("issue")).put("id", freshId()).put("state", "closed")
                    .put("state_reason", "completed").put("closed_at", at.toString());
            return payload;
        }
    }

    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatableResponse deliver(String event, Object payload, String delivery) {
        byte[] body = payload instanceof byte[] bytes ? bytes : JSON.valueToTree(payload).toString()
                .getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery).header("X-Hub-Signature-256", sign(body, SECRET))
                .body(body).post("/v1/webhooks/github").then().log().ifValidationFails();
    }

    private static Instant recently() {
        return Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    @TestSecurity(user = "hr-sync", roles = Roles.USAGE_WRITER)
    void aMergedPullRequestIsAnOutcomeOfItsAuthorAndARedeliveryIsADuplicate() {
        Directory.upsert("{\"email\": \"codertocat@example.com\", \"githubLogin\": \"Codertocat\", \"teams\": [\"octo\"]}");
        Instant at = recently();
        ObjectNode payload = Payloads.merged(at);
        String delivery = UUID.randomUUID().toString();
        deliver("pull_request", payload, delivery).statusCode(200).body("outcome", equalTo("pr_merged"))
                .body("result.stored", equalTo(1));
        deliver("pull_request", payload, delivery).statusCode(200).body("result.stored", equalTo(0))
                .body("result.duplicates", equalTo(1));
        deliver("pull_request", payload, UUID.randomUUID().toString()).statusCode(200)
                .body("result.duplicates", equalTo(1));

        String id = "github-pr-merged-" + payload.get("pull_request").get("id").asText();
        List<Map<String, Object>> stored = rows.where("outcome_event", "event_id", id);
        assertEquals(1, stored.size());
        Map<String, Object> outcome = stored.get(0);
        assertEquals("github", outcome.get("source"));
        assertEquals("pr_merged", outcome.get("kind"));
        assertEquals("https://github.com/Codertocat/Hello-World/pull/2", outcome.get("ref"));
        assertEquals(KEYS.personKey("codertocat@example.com"), outcome.get("person_key"),
                "the GitHub login resolves to the canonical key through the directory");
        assertEquals("octo", outcome.get("team"));
        assertEquals(at, outcome.get("occurred_at"));
    }

    @Test
    void anApprovalAndAResolvedIssueAreOutcomesLinkedByTheirUrls() {
        ObjectNode approval = Payloads.approved(recently());
        deliver("pull_request_review", approval, UUID.randomUUID().toString()).statusCode(200)
                .body("outcome", equalTo("pr_approved")).body("result.stored", equalTo(1));
        Map<String, Object> approved = rows.where("outcome_event", "event_id",
                "github-review-approved-" + approval.get("review").get("id").asText()).get(0);
        assertEquals("https://github.com/Codertocat/Hello-World/pull/2", approved.get("ref"));

        Instant closedAt = recently();
        ObjectNode issue = Payloads.resolved(closedAt);
        deliver("issues", issue, UUID.randomUUID().toString()).statusCode(200)
                .body("outcome", equalTo("ticket_resolved")).body("result.stored", equalTo(1));
        Map<String, Object> resolved = rows.where("outcome_event", "event_id",
                "github-issue-closed-" + issue.get("issue").get("id").asText() + "-" + closedAt).get(0);
        assertEquals("https://github.com/Codertocat/Hello-World/issues/1", resolved.get("ref"));
        assertEquals("ticket_resolved", resolved.get("kind"));
    }

    @Test
    void githubsFormEncodingIsAcceptedWithTheSignatureOverTheRawBody() {
        ObjectNode approval = Payloads.approved(recently());
        byte[] body = ("payload=" + java.net.URLEncoder.encode(approval.toString(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        given().contentType("application/x-www-form-urlencoded").header("X-GitHub-Event", "pull_request_review")
                .header("X-Hub-Signature-256", sign(body, SECRET)).body(new String(body, StandardCharsets.US_ASCII))
                .post("/v1/webhooks/github")
                .then().log().ifValidationFails().statusCode(200).body("outcome", equalTo("pr_approved"))
                .body("result.stored", equalTo(1));
    }

    @Test
    void deliveriesWithoutAnOutcomeAreAcknowledgedAndIgnored() {
        deliver("ping", Payloads.load("ping.json"), UUID.randomUUID().toString()).statusCode(200)
                .body("ignored", containsString("ping"));
        deliver("pull_request", Payloads.load("pull_request.closed.json"), UUID.randomUUID().toString())
                .statusCode(202).body("ignored", containsString("not a merge"));
        deliver("pull_request", Payloads.load("pull_request.opened.json"), UUID.randomUUID().toString())
                .statusCode(202);
        deliver("pull_request_review", Payloads.load("pull_request_review.submitted.json"), UUID.randomUUID().toString())
                .statusCode(202);
        deliver("issues", Payloads.load("issues.reopened.json"), UUID.randomUUID().toString()).statusCode(202);
        ObjectNode notPlanned = Payloads.resolved(recently());
        ((ObjectNode) notPlanned.get("issue")).put("state_reason", "not_planned");
        deliver("issues", notPlanned, UUID.randomUUID().toString()).statusCode(202);
        deliver("push", Payloads.load("push.json"), UUID.randomUUID().toString()).statusCode(202)
                .body("ignored", containsString("push"));
    }

    @Test
    void unsignedOrWronglySignedDeliveriesAreRefusedBeforeAnythingIsStored() {
        ObjectNode payload = Payloads.merged(recently());
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        String id = "github-pr-merged-" + payload.get("pull_request").get("id").asText();
        for (String signature : new String[] { null, "sha256=" + "0".repeat(64), sign(body, "another-secret"),
                sign(body, SECRET).replace("sha256=", "sha1=") }) {
            var request = given().contentType("application/json").header("X-GitHub-Event", "pull_request").body(body);
            if (signature != null) {
                request.header("X-Hub-Signature-256", signature);
            }
            request.post("/v1/webhooks/github").then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("https://goodhart.dev/problems/unauthorized"));
        }
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Codertocat", "Mallory")
                .getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-GitHub-Event", "pull_request")
                .header("X-Hub-Signature-256", sign(body, SECRET)).body(tampered).post("/v1/webhooks/github")
                .then().statusCode(401);
        assertEquals(0, rows.where("outcome_event", "event_id", id).size());
    }

    @Test
    void signedButUnusableDeliveriesAreRefusedNamingTheField() {
        deliver("pull_request", "not json".getBytes(StandardCharsets.UTF_8), "d-1").statusCode(400)
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"));
        ObjectNode old = Payloads.merged(Instant.parse("2019-05-15T15:20:33Z"));
        deliver("pull_request", old, "d-2").statusCode(400)
                .body("errors[0].field", equalTo("occurredAt"));
        ObjectNode noAuthor = Payloads.merged(recently());
        ((ObjectNode) noAuthor.get("pull_request")).remove("user");
        deliver("pull_request", noAuthor, "d-3").statusCode(400)
                .body("errors[0].field", equalTo("pull_request.user.login"));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-Hub-Signature-256", sign(body, SECRET)).body(body)
                .post("/v1/webhooks/github").then().statusCode(400).body("errors[0].field", equalTo("X-GitHub-Event"));
    }
}
