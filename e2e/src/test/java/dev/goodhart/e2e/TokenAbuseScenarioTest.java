package dev.goodhart.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.TestStack;
import dev.goodhart.e2e.stack.GoodhartStack;
import dev.goodhart.e2e.stack.GoodhartStackExtension;

/**
 * Scenario 5: tokens used for what they do not allow. An agent asking for another agent, an employee reading a team's
 * or an agent's figures, an analyst asking for one person's, and expired, tampered or foreign tokens: all refused, by
 * every service, as problem+json.
 */
@ExtendWith(GoodhartStackExtension.class)
class TokenAbuseScenarioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Long enough for the first call to succeed on a loaded machine, short enough to wait out. */
    private static final Duration TOKEN_LIFESPAN = Duration.ofSeconds(10);

    @Test
    void anAgentCannotAskForAnotherAgent(GoodhartStack stack) {
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType(ContentType.JSON)
                .body("""
                        {"agent": "ops-agent", "onBehalfOf": "bob@example.com", "action": "deploy",
                         "resource": {"type": "Service", "id": "search", "attributes": {"environment": "staging"}}}
                        """)
                .post(stack.policyUrl() + "/v1/decisions")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void peopleReadOnlyWhatTheirRoleAllows(GoodhartStack stack) {
        String alice = KeycloakTokens.user("alice");
        String hana = KeycloakTokens.user("hana");
        forbidden(alice, stack.scoringUrl() + "/v1/teams/payments/scorecard");
        forbidden(alice, stack.scoringUrl() + "/v1/org/scorecard");
        forbidden(alice, stack.scoringUrl() + "/v1/agents/demo-agent/spend");
        forbidden(alice, stack.policyUrl() + "/v1/audit");
        forbidden(hana, stack.scoringUrl() + "/v1/me/scorecard");
        forbidden(hana, stack.scoringUrl() + "/v1/me/flags");
        forbidden(hana, stack.scoringUrl() + "/v1/agents/demo-agent/flags");
        forbidden(hana, stack.ingestUrl() + "/v1/feed");
        forbidden(KeycloakTokens.client("demo-agent"), stack.ingestUrl() + "/v1/feed");
        forbidden(KeycloakTokens.client("scoring-service"), stack.policyUrl() + "/v1/agents");
        forbidden(KeycloakTokens.client("policy-service"), stack.scoringUrl() + "/v1/teams/payments/scorecard");
    }

    @Test
    void tamperedAndForeignTokensAreRefusedEverywhere(GoodhartStack stack) throws Exception {
        String[] parts = KeycloakTokens.user("hana").split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"analyst\"", "\"policy-admin\"").getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + promoted + "." + parts[2];

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String foreign = Jwt.issuer(KeycloakTokens.issuer()).audience("goodhart").subject("intruder")
                .claim("azp", "demo-agent").claim("email", "alice@example.com")
                .claim("realm_access", Map.of("roles", Set.of("usage-writer", "agent", "analyst", "employee",
                        "policy-admin", "feed-reader", "spend-reader")))
                .sign(generator.generateKeyPair().getPrivate());

        for (String token : List.of(tampered, foreign)) {
            for (String url : List.of(stack.ingestUrl() + "/v1/feed", stack.scoringUrl() + "/v1/org/scorecard",
                    stack.policyUrl() + "/v1/audit")) {
                unauthorized(token, url);
            }
        }
    }

    @Test
    void anExpiredKeycloakTokenIsRefusedEverywhere(GoodhartStack stack) throws Exception {
        String admin = adminToken();
        String clientId = "e2e-expiring-" + UUID.randomUUID().toString().substring(0, 8);
        String location = createShortLivedClient(admin, clientId);
        try {
            String token = clientCredentials(clientId);
            // Each service verifies the token once and remembers it: expiry must end that too.
            given().auth().oauth2(token).get(stack.policyUrl() + "/v1/whoami")
                    .then().statusCode(200).body("client", equalTo(clientId));
            forbidden(token, stack.ingestUrl() + "/v1/feed");
            forbidden(token, stack.scoringUrl() + "/v1/org/scorecard");
            Instant expiry = Instant.ofEpochSecond(JSON.readTree(
                    Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("exp").asLong());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 2_000);
            for (String url : List.of(stack.ingestUrl() + "/v1/feed", stack.scoringUrl() + "/v1/org/scorecard",
                    stack.policyUrl() + "/v1/whoami")) {
                unauthorized(token, url);
            }
        } finally {
            send(HttpRequest.newBuilder(URI.create(location)).header("Authorization", "Bearer " + admin).DELETE());
        }
    }

    private static void forbidden(String token, String url) {
        given().auth().oauth2(token).get(url)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/forbidden"));
    }

    private static void unauthorized(String token, String url) {
        given().auth().oauth2(token).get(url)
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/unauthorized"));
    }

    /** Keycloak's bootstrap administrator (admin/admin), a development value of the stack bin/test starts. */
    private static String adminToken() throws Exception {
        return token(TestStack.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
    }

    /** A confidential client whose access tokens live briefly, with the audience the services require. */
    private static String createShortLivedClient(String admin, String clientId) throws Exception {
        String client = JSON.writeValueAsString(Map.of(
                "clientId", clientId, "secret", clientId + "-secret", "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "attributes", Map.of("access.token.lifespan", Long.toString(TOKEN_LIFESPAN.toSeconds())),
                "protocolMappers", List.of(Map.of("name", "goodhart-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", "goodhart", "access.token.claim", "true")))));
        HttpResponse<String> created = send(HttpRequest.newBuilder(
                URI.create(TestStack.keycloakUrl() + "/admin/realms/goodhart/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client)));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the test client: " + created.statusCode() + " " + created.body());
        }
        return created.headers().firstValue("Location").orElseThrow();
    }

    private static String clientCredentials(String clientId) throws Exception {
        return token(KeycloakTokens.issuer() + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientId + "-secret"));
    }

    private static String token(String endpoint, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(endpoint + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode json = JSON.readTree(response.body());
        return json.get("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
