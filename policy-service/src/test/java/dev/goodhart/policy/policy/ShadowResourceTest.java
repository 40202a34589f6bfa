package dev.goodhart.policy.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** Shadow mode: a candidate set runs beside the active one; answers come from the active set, disagreements are listed. */
@QuarkusTest
class ShadowResourceTest {

    static final String NO_STAGING_DEPLOYS = """
            @id("no-staging-deploys")
            @reason("Staging is \\"frozen\\", {for now} \\\\ really")
            forbid (principal, action == Action::"deploy", resource is Service)
            when { resource.environment == "staging" };
            """;

    private static String ada() {
        return KeycloakTokens.user("ada");
    }

    @Test
    void disagreementsAreRecordedWhileAnswersComeFromTheActiveSet() {
        Registry.register("demo-agent", "alice@example.com", "low");
        int shadowId = given().auth().oauth2(ada()).contentType(ContentType.TEXT).body(NO_STAGING_DEPLOYS)
                .put("/v1/policies/shadow")
                .then().statusCode(201)
                .body("running", equalTo(true))
                .body("policies.id", hasItem("no-staging-deploys"))
                .extract().path("id");
        String decisionId;
        try {
            decisionId = given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON)
                    .body(Requests.deploy("staging")).post("/v1/decisions")
                    .then().statusCode(200)
                    .body("decision", equalTo("allow"))
                    .extract().path("decisionId");
            given().auth().oauth2(ada()).get("/v1/policies/shadow")
                    .then().statusCode(200).body("id", equalTo(shadowId)).body("compared", greaterThanOrEqualTo(1));
            given().auth().oauth2(ada()).get("/v1/policies/shadow/diff")
                    .then().statusCode(200)
                    .body("shadowId", equalTo(shadowId))
                    .body("disagreements", greaterThanOrEqualTo(1))
                    .body("transitions", hasKey("allow→deny"))
                    .body("recent[0].decisionId", equalTo(decisionId))
                    .body("recent[0].before.policies", hasItem("deploy-to-staging"))
                    .body("recent[0].after.policies", hasItem("no-staging-deploys"))
                    .body("recent[0].after.reasons", hasItem("Staging is \"frozen\", {for now} \\ really"));
        } finally {
            given().auth().oauth2(ada()).delete("/v1/policies/shadow").then().statusCode(204);
        }
        given().auth().oauth2(ada()).get("/v1/policies/shadow").then().statusCode(404);
        given().auth().oauth2(ada()).get("/v1/policies/shadow/diff?shadowId=" + shadowId)
                .then().statusCode(200).body("running", equalTo(false)).body("recent.decisionId", hasItem(decisionId));
    }

    @Test
    void invalidCandidatesAndOtherRolesAreRefused() {
        given().auth().oauth2(ada()).contentType(ContentType.TEXT).body("@id(\"x\") forbid (principal, action, resource")
                .put("/v1/policies/shadow").then().statusCode(400).body("errors[0].field", equalTo("source:1:45"));
        given().auth().oauth2(KeycloakTokens.user("alice")).contentType(ContentType.TEXT).body(NO_STAGING_DEPLOYS)
                .put("/v1/policies/shadow").then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.user("hana")).get("/v1/policies/shadow/diff").then().statusCode(403);
        given().auth().oauth2(ada()).get("/v1/policies/shadow/diff?limit=0").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }
}
