package dev.goodhart.policy.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.transaction.Transactional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.security.Roles;
import dev.goodhart.policy.audit.AuditRecord;
import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** Decisions with the default policy set, for agents of each kind, and the requests that are refused. */
@QuarkusTest
class DecisionResourceTest {

    @BeforeEach
    void registerAgents() {
        Registry.register("demo-agent", "alice@example.com", "low");
        Registry.register("risky-agent", "alice@example.com", "high");
        Registry.register("bobs-agent", "bob@example.com", "medium");
    }

    private static ValidatableResponse decide(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/decisions").then();
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void stagingDeployIsAllowedByItsPolicyAndRecordedBeforeTheAnswer() {
        String id = decide(Requests.deploy("staging")).statusCode(200)
                .body("decision", equalTo("allow"))
                .body("basis", equalTo("permit"))
                .body("policies", contains("deploy-to-staging"))
                .body("reasons", contains("Agents may deploy to staging"))
                .body("policyVersion", equalTo(1))
                .body("recordedAt", notNullValue())
                .extract().path("decisionId");
        AuditRecord recorded = record(UUID.fromString(id));
        assertEquals("demo-agent", recorded.agent);
        assertEquals("alice@example.com", recorded.onBehalfOf);
        assertEquals("allow", recorded.decision);
        assertEquals(2000L, recorded.tokens);
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void prodDeployNeedsApprovalBecauseThePermittingPolicySaysSo() {
        decide(Requests.deploy("prod")).statusCode(200)
                .body("decision", equalTo("approval_required"))
                .body("basis", equalTo("approval_policy"))
                .body("policies", contains("deploy-to-prod-needs-approval"))
                .body("approvalId", notNullValue())
                .body("approvalExpiresAt", notNullValue());
    }

    @Test
    @TestSecurity(user = "service-account-risky-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "risky-agent"))
    void anExplicitForbidIsToldApartFromADefaultDeny() {
        decide(Requests.deploy("prod")).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("forbid"))
                .body("policies", contains("high-risk-agents-never-deploy-to-prod"))
                .body("reasons", contains("High-risk agents may not deploy to production, even with approval"))
                .body("approvalId", nullValue());
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void anActionNoPolicyPermitsIsADefaultDenyThatSaysSo() {
        decide("""
                {"onBehalfOf": "alice@example.com", "action": "merge_pr",
                 "resource": {"type": "Repository", "id": "acme/shop", "attributes": {"owner": "alice@example.com"}}}
                """).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("default_deny"))
                .body("policies", empty())
                .body("reasons[0]", containsString("default deny"));
    }

    @Test
    @TestSecurity(user = "service-account-stranger", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "unregistered-agent"))
    void anUnregisteredAgentIsForbiddenEverythingByTheDefaultSet() {
        decide(Requests.deploy("staging")).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("forbid"))
                .body("policies", contains("unregistered-agents-may-not-act"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void delegationNeedsBothTheAgentAndThePersonToBePermitted() {
        // alice's agent reads alice's mailbox for alice: both permitted
        decide(Requests.readEmail("alice@example.com", "alice@example.com")).statusCode(200)
                .body("decision", equalTo("allow"))
                .body("policies", contains("read-own-resources"));
        // for bob, alice's agent may not read bob's mailbox (the agent is not permitted)
        decide(Requests.readEmail("bob@example.com", "bob@example.com")).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("default_deny"))
                .body("reasons[0]", containsString("agent demo-agent"));
        // for bob, alice's mailbox: the agent is permitted, the person is not
        decide(Requests.readEmail("bob@example.com", "alice@example.com")).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("reasons[0]", containsString("bob@example.com"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void emailOutsideTheCompanyNeedsApprovalAndInsideItDoesNot() {
        decide(Requests.sendEmail("alice@example.com", "alice@example.com", "example.com")).statusCode(200)
                .body("decision", equalTo("allow"))
                .body("policies", contains("send-email-inside-the-company"));
        decide(Requests.sendEmail("alice@example.com", "alice@example.com", "example.com", "gmail.com")).statusCode(200)
                .body("decision", equalTo("approval_required"))
                .body("policies", contains("send-email-outside-the-company-needs-approval"));
    }

    @Test
    @TestSecurity(user = "service-account-mailer", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "mailer-agent"))
    void aRateLimitInCedarCountsTheAgentsOwnAllowedDecisions() {
        Registry.register("mailer-agent", "alice@example.com", "low");
        String internal = Requests.sendEmail("alice@example.com", "alice@example.com", "example.com");
        for (int i = 0; i < 20; i++) {
            decide(internal).statusCode(200).body("decision", equalTo("allow"));
        }
        String limited = decide(internal).statusCode(200)
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("forbid"))
                .body("policies", contains("at-most-20-emails-per-hour"))
                .extract().path("decisionId");
        assertEquals(20, CanonicalJson.read(record(UUID.fromString(limited)).request).at("/recent/lastHour").asInt());
        // counts are per action: deploys are not e-mails
        decide(Requests.deploy("staging")).statusCode(200).body("decision", equalTo("allow"));
        decide(internal).statusCode(200).body("decision", equalTo("deny"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void anAgentCannotAskForAnotherAgent() {
        decide("""
                {"agent": "ops-agent", "onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "staging"}}}
                """).statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("only for itself"));
        decide("""
                {"agent": "demo-agent", "onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "staging"}}}
                """).statusCode(200).body("decision", equalTo("allow"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void requestsThatDoNotFitTheSchemaAreRefusedFieldByField() {
        decide(Requests.deploy("staging").replace("\"deploy\"", "\"fly_to_the_moon\"")).statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("action"))
                .body("errors[0].detail", containsString("deploy"));
        decide("""
                {"onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Mailbox", "id": "x", "attributes": {"owner": "alice@example.com"}}}
                """).statusCode(400).body("errors.field", contains("resource.type"));
        decide("""
                {"onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Service", "id": "checkout", "attributes": {"enviroment": "prod"}},
                 "context": {"tokens": "many", "recent": {"lastHour": 0, "today": 0}}}
                """).statusCode(400)
                .body("errors.field", hasItem("resource.attributes.enviroment"))
                .body("errors.field", hasItem("resource.attributes.environment"))
                .body("errors.field", hasItem("context.tokens"))
                .body("errors.field", hasItem("context.recent"));
        decide("""
                {"onBehalfOf": "alice@example.com", "action": "send_email",
                 "resource": {"type": "Mailbox", "id": "alice", "attributes": {"owner": "not-an-email"}}}
                """).statusCode(400)
                .body("errors.field", hasItem("resource.attributes.owner"))
                .body("errors.field", hasItem("context.recipientDomains"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void malformedJsonIsAProblem() {
        decide("{\"action\": ").statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void missingFieldsAreNamed() {
        decide("{\"action\": \"Deploy!\", \"onBehalfOf\": \"not an email\"}").statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("onBehalfOf"))
                .body("errors.field", hasItem("resource"))
                .body("errors.field", hasItem("action"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void aContextThatIsNotAnObjectIsNamed() {
        decide(Requests.deploy("staging").replace("{\"tokens\": 2000}", "[1, 2]")).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("context"));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotAskForDecisions() {
        decide(Requests.deploy("staging")).statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsCannotAskForDecisions() {
        decide(Requests.deploy("staging")).statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotAskForDecisions() {
        decide(Requests.deploy("staging")).statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anonymousCallersAreRefused() {
        decide(Requests.deploy("staging")).statusCode(401).contentType("application/problem+json");
    }

    @Transactional
    AuditRecord record(UUID decisionId) {
        return AuditRecord.find("decisionId", decisionId).firstResult();
    }
}
