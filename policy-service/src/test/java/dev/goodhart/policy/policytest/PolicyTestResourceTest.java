package dev.goodhart.policy.policytest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;

/** POST /v1/policies/test: the *.cedartest.json format over HTTP. */
@QuarkusTest
class PolicyTestResourceTest {

    private static final String CASES = """
            "cases": [
              {"name": "staging is allowed",
               "agent": {"id": "demo-agent", "owner": "alice@example.com", "riskTier": "low"},
               "onBehalfOf": "alice@example.com", "action": "deploy",
               "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "staging"}},
               "expect": "allow", "expectPolicies": ["deploy-to-staging"]},
              {"name": "a wrong expectation",
               "agent": {"id": "demo-agent", "owner": "alice@example.com", "riskTier": "low"},
               "onBehalfOf": "alice@example.com", "action": "deploy",
               "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "prod"}},
               "expect": "allow"},
              {"name": "a request the schema does not know",
               "agent": {"id": "demo-agent", "owner": "alice@example.com"},
               "onBehalfOf": "alice@example.com", "action": "teleport",
               "resource": {"type": "Service", "id": "checkout"}, "expect": "deny"}
            ]
            """;

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void casesRunAgainstTheActiveSetAndReportEachFailure() {
        given().contentType(ContentType.JSON).body("{" + CASES + "}").post("/v1/policies/test")
                .then().statusCode(200)
                .body("policyVersion", equalTo(1))
                .body("passed", equalTo(1))
                .body("failed", equalTo(2))
                .body("results[0].passed", equalTo(true))
                .body("results[1].actual", equalTo("approval_required"))
                .body("results[1].failure", containsString("expected allow but was approval_required"))
                .body("results[2].failure", containsString("action"));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void casesRunAgainstCandidateText() {
        given().contentType(ContentType.JSON).body("""
                {"policies": "@id(\\"all-deploys\\") permit (principal, action == Action::\\"deploy\\", resource);",
                """ + CASES + "}").post("/v1/policies/test")
                .then().statusCode(200)
                .body("policyVersion", nullValue())
                .body("passed", equalTo(1))
                .body("results[0].failure", containsString("deploy-to-staging"))
                .body("results[1].passed", equalTo(true));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void badSuitesAreRefused() {
        given().contentType(ContentType.JSON).body("{\"cases\": []}").post("/v1/policies/test")
                .then().statusCode(400).body("errors.field", hasItem("cases"));
        given().contentType(ContentType.JSON).body("{\"policyFile\": \"default-policies.cedar\", " + CASES + "}")
                .post("/v1/policies/test").then().statusCode(400).body("errors.field", hasItem("policyFile"));
        given().contentType(ContentType.JSON).body("{\"policies\": \"permit (principal, action, resource);\", " + CASES + "}")
                .post("/v1/policies/test").then().statusCode(400).body("errors.field", hasItem("source:1:1"));
        given().contentType(ContentType.JSON).body("""
                {"cases": [{"name": "no expectation", "agent": {"id": "a"}, "onBehalfOf": "a@example.com",
                  "action": "deploy", "resource": {"type": "Service", "id": "s"}, "expect": "maybe"}]}
                """).post("/v1/policies/test").then().statusCode(400).body("errors.field", hasItem(containsString("expect")));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void onlyPolicyAdminsRunPolicyTests() {
        given().contentType(ContentType.JSON).body("{" + CASES + "}").post("/v1/policies/test").then().statusCode(403);
    }
}
