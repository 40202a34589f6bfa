package dev.goodhart.policy.approval;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.policy.testing.OwnerSql;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/**
 * The approval loop with real Keycloak tokens: demo-agent (owned by alice) asks, alice or a policy admin decides, the
 * agent asks again with the approval and is allowed exactly once for exactly that request.
 */
@QuarkusTest
class ApprovalResourceTest {

    private static final String DEMO_AGENT = "demo-agent";
    private static final String OPS_AGENT = "ops-agent";

    @BeforeEach
    void registerTheAgents() {
        Registry.register(DEMO_AGENT, "alice@example.com", "low");
        Registry.register(OPS_AGENT, "alice@example.com", "low");
    }

    private static ValidatableResponse decide(String agent, String body) {
        return given().auth().oauth2(KeycloakTokens.client(agent)).contentType(ContentType.JSON).body(body)
                .post("/v1/decisions").then();
    }

    private static String askForProd(String service) {
        return decide(DEMO_AGENT, Requests.deploy(service, "prod")).statusCode(200)
                .body("decision", equalTo("approval_required"))
                .extract().path("approvalId");
    }

    private static String withApproval(String body, String approvalId) {
        return body.replaceFirst("\\{", "{\"approvalId\": \"" + approvalId + "\", ");
    }

    private static ValidatableResponse approve(String user, String approvalId) {
        return given().auth().oauth2(KeycloakTokens.user(user)).contentType(ContentType.JSON)
                .body("{\"comment\": \"go ahead\"}")
                .post("/v1/approvals/" + approvalId + "/approve").then();
    }

    @Test
    void thePersonApprovesAndTheAgentIsAllowedExactlyOnce() {
        String approvalId = askForProd("billing");
        String request = Requests.deploy("billing", "prod");

        decide(DEMO_AGENT, withApproval(request, approvalId)).statusCode(200)
                .body("decision", equalTo("approval_required"))
                .body("basis", equalTo("approval_pending"))
                .body("approvalId", equalTo(approvalId));

        approve("alice", approvalId).statusCode(200)
                .body("status", equalTo("approved"))
                .body("decidedBy", equalTo("alice@example.com"))
                .body("comment", equalTo("go ahead"));

        decide(DEMO_AGENT, withApproval(request, approvalId)).statusCode(200)
                .body("decision", equalTo("allow"))
                .body("basis", equalTo("approval_granted"))
                .body("policies", hasItem("deploy-to-prod-needs-approval"))
                .body("reasons", hasItem(containsString("Approved by alice@example.com")));

        decide(DEMO_AGENT, withApproval(request, approvalId)).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("approval_used"));
        given().auth().oauth2(KeycloakTokens.user("alice")).get("/v1/approvals/" + approvalId)
                .then().statusCode(200).body("status", equalTo("used")).body("usedByDecision", notNullValue());
    }

    @Test
    void anApprovalIsForExactlyTheRequestItWasGivenFor() {
        String approvalId = askForProd("search");
        approve("alice", approvalId).statusCode(200);

        // the same agent, another resource or other context
        decide(DEMO_AGENT, withApproval(Requests.deploy("payments", "prod"), approvalId)).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("approval_mismatch"));
        decide(DEMO_AGENT, withApproval(Requests.deploy("search", "prod").replace("2000", "2001"), approvalId))
                .statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("approval_mismatch"));
        // another agent cannot use it, nor read it
        decide(OPS_AGENT, withApproval(Requests.deploy("search", "prod"), approvalId)).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("approval_mismatch"));
        given().auth().oauth2(KeycloakTokens.client(OPS_AGENT)).get("/v1/approvals/" + approvalId)
                .then().statusCode(403).contentType("application/problem+json");
        // still unused: the right request gets it
        decide(DEMO_AGENT, withApproval(Requests.deploy("search", "prod"), approvalId)).statusCode(200)
                .body("decision", equalTo("allow"));
    }

    @Test
    void onlyThePersonActedForOrAPolicyAdminDecides() throws Exception {
        String approvalId = askForProd("inventory");
        approve("bob", approvalId).statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("person the agent acts for"));
        approve("hana", approvalId).statusCode(403);
        given().auth().oauth2(KeycloakTokens.client(DEMO_AGENT)).contentType(ContentType.JSON).body("{}")
                .post("/v1/approvals/" + approvalId + "/approve").then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.user("bob")).get("/v1/approvals/" + approvalId).then().statusCode(403);

        approve("ada", approvalId).statusCode(200).body("decidedBy", equalTo("ada@example.com"));
        approve("alice", approvalId).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/conflict"));
        // a comment is optional: a POST without body or content type (curl -X POST) is fine
        HttpResponse<String> rejected = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/approvals/" + askForProd("inventory") + "/reject"))
                .header("Authorization", "Bearer " + KeycloakTokens.user("alice"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rejected.statusCode(), rejected.body());
    }

    @Test
    void aRejectedApprovalDenies() {
        String approvalId = askForProd("ledger");
        given().auth().oauth2(KeycloakTokens.user("alice")).contentType(ContentType.JSON)
                .body("{\"comment\": \"not before the freeze ends\"}")
                .post("/v1/approvals/" + approvalId + "/reject")
                .then().statusCode(200).body("status", equalTo("rejected"));
        decide(DEMO_AGENT, withApproval(Requests.deploy("ledger", "prod"), approvalId)).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("approval_rejected"))
                .body("reasons[0]", containsString("not before the freeze ends"));
    }

    @Test
    void anExpiredApprovalCanNeitherBeDecidedNorUsed() {
        String pending = askForProd("reports");
        String approved = askForProd("exports");
        approve("alice", approved).statusCode(200);
        OwnerSql.execute("update approval set expires_at = now() - interval '1 second' where id in (?::uuid, ?::uuid)",
                pending, approved);

        approve("alice", pending).statusCode(409).body("detail", containsString("expired"));
        decide(DEMO_AGENT, withApproval(Requests.deploy("exports", "prod"), approved)).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("approval_expired"));
        given().auth().oauth2(KeycloakTokens.user("alice")).get("/v1/approvals/" + pending)
                .then().statusCode(200).body("status", equalTo("expired"));
    }

    @Test
    void concurrentRequestsWithOneApprovalGetExactlyOneAllow() throws Exception {
        String approvalId = askForProd("cart");
        approve("alice", approvalId).statusCode(200);
        String request = withApproval(Requests.deploy("cart", "prod"), approvalId);
        String token = KeycloakTokens.client(DEMO_AGENT);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(request)
                        .post("/v1/decisions").then().statusCode(200).extract().path("decision"));
            }
            List<String> decisions = new ArrayList<>();
            for (Future<String> future : pool.invokeAll(calls)) {
                decisions.add(future.get());
            }
            assertEquals(1, decisions.stream().filter("allow"::equals).count(), decisions.toString());
            assertEquals(9, decisions.stream().filter("deny"::equals).count(), decisions.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyoneListsOnlyTheApprovalsTheyMaySee() {
        String approvalId = askForProd("catalog");
        given().auth().oauth2(KeycloakTokens.user("alice")).get("/v1/approvals?status=pending")
                .then().statusCode(200)
                .body("id", hasItem(approvalId))
                .body("onBehalfOf", everyItem(equalTo("alice@example.com")));
        given().auth().oauth2(KeycloakTokens.user("bob")).get("/v1/approvals")
                .then().statusCode(200).body("id", not(hasItem(approvalId)));
        given().auth().oauth2(KeycloakTokens.client(DEMO_AGENT)).get("/v1/approvals")
                .then().statusCode(200).body("id", hasItem(approvalId)).body("agent", everyItem(equalTo(DEMO_AGENT)));
        given().auth().oauth2(KeycloakTokens.user("ada")).get("/v1/approvals?status=pending")
                .then().statusCode(200).body("id", hasItem(approvalId));
        given().auth().oauth2(KeycloakTokens.user("hana")).get("/v1/approvals").then().statusCode(403);
        given().get("/v1/approvals").then().statusCode(401);
        given().auth().oauth2(KeycloakTokens.user("alice")).get("/v1/approvals?status=maybe")
                .then().statusCode(400).body("errors.field", hasItem("status"));
    }
}
