package dev.goodhart.policy.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.policy.cedar.CedarSetup;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** What-if: recorded requests replayed against a candidate set. */
@QuarkusTest
class DryRunResourceTest {

    @Test
    void aCandidateShowsWhichRecordedDecisionsWouldChange() {
        Registry.register("demo-agent", "alice@example.com", "low");
        String decisionId = given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON)
                .body(Requests.deploy("staging")).post("/v1/decisions")
                .then().statusCode(200).body("decision", equalTo("allow")).extract().path("decisionId");

        given().auth().oauth2(KeycloakTokens.user("ada")).contentType(ContentType.TEXT)
                .body(ShadowResourceTest.NO_STAGING_DEPLOYS).queryParam("records", 20)
                .post("/v1/policies/dry-run")
                .then().statusCode(200)
                .body("replayed", lessThanOrEqualTo(20))
                .body("changed", greaterThanOrEqualTo(1))
                .body("transitions", hasKey("allow→deny"))
                .body("examples.decisionId", hasItem(decisionId))
                .body("examples.find { it.decisionId == '" + decisionId + "' }.after.policies", hasItem("no-staging-deploys"));
    }

    @Test
    void theActiveSetItselfChangesNothing() {
        Registry.register("demo-agent", "alice@example.com", "low");
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON)
                .body(Requests.deploy("prod")).post("/v1/decisions").then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.user("ada")).contentType(ContentType.TEXT)
                .body(CedarSetup.classpathText("cedar/default-policies.cedar")).queryParam("records", 1)
                .post("/v1/policies/dry-run")
                .then().statusCode(200)
                .body("replayed", equalTo(1))
                .body("changed", equalTo(0));
    }

    @Test
    void badCandidatesAndRangesAreRefused() {
        given().auth().oauth2(KeycloakTokens.user("ada")).contentType(ContentType.TEXT).body("@id(\"x\") permit (principal,")
                .post("/v1/policies/dry-run").then().statusCode(400).body("errors[0].field", equalTo("source:1:28"));
        given().auth().oauth2(KeycloakTokens.user("ada")).contentType(ContentType.TEXT)
                .body(ShadowResourceTest.NO_STAGING_DEPLOYS).queryParam("records", 0)
                .post("/v1/policies/dry-run").then().statusCode(400).body("errors[0].field", equalTo("records"));
        given().auth().oauth2(KeycloakTokens.user("ada")).contentType(ContentType.TEXT)
                .body(ShadowResourceTest.NO_STAGING_DEPLOYS).queryParam("records", 1_000_000)
                .post("/v1/policies/dry-run").then().statusCode(400).body("errors[0].field", equalTo("records"));
        given().auth().oauth2(KeycloakTokens.user("hana")).contentType(ContentType.TEXT)
                .body(ShadowResourceTest.NO_STAGING_DEPLOYS).post("/v1/policies/dry-run").then().statusCode(403);
    }
}
