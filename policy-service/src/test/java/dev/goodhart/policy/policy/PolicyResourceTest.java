package dev.goodhart.policy.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;
import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** Publishing, reading and rolling back policy versions. Every test leaves version 1 (the default set) active. */
@QuarkusTest
class PolicyResourceTest {

    static final String STAGING_ONLY = """
            // staging only, and nothing on Fridays' freeze
            @id("deploy-to-staging")
            @reason("Staging is open")
            permit (principal, action == Action::"deploy", resource is Service)
            when { resource.environment == "staging" };
            """;

    @AfterEach
    void restoreTheDefaultSet() {
        given().auth().oauth2(KeycloakTokens.user("ada")).post("/v1/policies/versions/1/activate").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsSeeTheActiveSetWithItsPolicies() {
        given().get("/v1/policies")
                .then().statusCode(200)
                .body("active", equalTo(true))
                .body("source", containsString("@id(\"deploy-to-staging\")"))
                .body("policies.id", hasItem("deploy-to-prod-needs-approval"))
                .body("policies.find { it.id == 'deploy-to-prod-needs-approval' }.approvalRequired", equalTo(true))
                .body("policies.find { it.id == 'unregistered-agents-may-not-act' }.effect", equalTo("forbid"));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    @OidcSecurity(claims = @Claim(key = "email", value = "ada@example.com"))
    void aPublishedVersionIsActiveForTheNextDecisionAndCanBeRolledBack() {
        int version = given().contentType(ContentType.TEXT).body(STAGING_ONLY).put("/v1/policies")
                .then().statusCode(201)
                .header("Location", containsString("/v1/policies/versions/"))
                .body("active", equalTo(true))
                .body("createdBy", equalTo("ada@example.com"))
                .body("policies", hasSize(1))
                .extract().path("version");
        Registry.register("demo-agent", "alice@example.com", "low");
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON).body(Requests.deploy("staging"))
                .post("/v1/decisions").then().statusCode(200)
                .body("decision", equalTo("allow"))
                .body("policyVersion", equalTo(version))
                .body("reasons[0]", equalTo("Staging is open"));
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON).body(Requests.deploy("prod"))
                .post("/v1/decisions").then().statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("default_deny"));

        given().get("/v1/policies/versions").then().statusCode(200)
                .body("[0].version", equalTo(version))
                .body("[0].active", equalTo(true))
                .body("version", hasItem(1));
        given().get("/v1/policies/versions/" + version).then().statusCode(200).body("source", equalTo(STAGING_ONLY));

        given().post("/v1/policies/versions/1/activate").then().statusCode(200).body("active", equalTo(true));
        given().get("/v1/policies").then().statusCode(200).body("version", equalTo(1));
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON).body(Requests.deploy("prod"))
                .post("/v1/decisions").then().statusCode(200)
                .body("decision", equalTo("approval_required"))
                .body("policyVersion", equalTo(1));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void invalidCedarIsRefusedWithLineAndColumn() {
        given().contentType(ContentType.TEXT).body("""
                @id("ok")
                permit (principal, action == Action::"deploy", resource is Service)
                when { resource.enviroment == "prod" };

                @id("broken")
                permit (principal, action, resource) when { 1 + };
                """).put("/v1/policies")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/validation"))
                .body("errors.field", hasItem("source:6:49"))
                .body("errors.find { it.field == 'source:6:49' }.detail", containsString("unexpected token"));
        given().contentType(ContentType.TEXT).body("""
                @id("ok")
                permit (principal, action == Action::"deploy", resource is Service)
                when { resource.enviroment == "prod" };
                """).put("/v1/policies")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("source:3:8"))
                .body("errors[0].detail", startsWith("policy ok: "))
                .body("errors[0].detail", containsString("environment"));
        given().get("/v1/policies").then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void everyPolicyNeedsAUniqueStableId() {
        given().contentType(ContentType.TEXT).body("""
                permit (principal, action == Action::"create_ticket", resource);
                @id("twice") permit (principal, action == Action::"create_ticket", resource);
                @id("twice") forbid (principal, action == Action::"create_ticket", resource);
                @id("odd") @approval("maybe") permit (principal, action == Action::"create_ticket", resource);
                """).put("/v1/policies")
                .then().statusCode(400)
                .body("errors.field", hasItem("source:1:1"))
                .body("errors.detail", hasItem(containsString("@id")))
                .body("errors.field", hasItem("source:3:1"))
                .body("errors.field", hasItem("source:4:1"))
                .body("errors.detail", hasItem(containsString("@approval takes only")));
        given().contentType(ContentType.TEXT).body("   ").put("/v1/policies")
                .then().statusCode(400).body("errors.field", hasItem("source"));
        given().get("/v1/policies/versions/999999").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void anEvaluationErrorDeniesNamesThePolicyAndIsAudited() {
        given().contentType(ContentType.TEXT).body(STAGING_ONLY + """
                @id("overflowing-forbid")
                forbid (principal, action == Action::"deploy", resource)
                when { context has tokens && context.tokens * 9223372036854775807 > 0 };
                """).put("/v1/policies").then().statusCode(201);
        Registry.register("demo-agent", "alice@example.com", "low");
        String decisionId = given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON)
                .body(Requests.deploy("staging")).post("/v1/decisions")
                .then().statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("evaluation_error"))
                .body("policies", hasItem("overflowing-forbid"))
                .body("reasons[0]", containsString("overflow"))
                .extract().path("decisionId");
        given().queryParam("agent", "demo-agent").queryParam("limit", 5).get("/v1/audit")
                .then().statusCode(200)
                .body("records.find { it.decisionId == '" + decisionId + "' }.verdict", equalTo("error"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    void agentsCannotReadOrChangePolicies() {
        given().get("/v1/policies").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body(STAGING_ONLY).put("/v1/policies").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotReadPolicies() {
        given().get("/v1/policies").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotChangePolicies() {
        given().contentType(ContentType.TEXT).body(STAGING_ONLY).put("/v1/policies").then().statusCode(403);
        given().post("/v1/policies/versions/1/activate").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/policies").then().statusCode(401).contentType("application/problem+json");
    }
}
