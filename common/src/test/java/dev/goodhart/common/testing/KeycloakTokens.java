package dev.goodhart.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens issued by the real Keycloak that bin/test starts, for the documented development identities:
 * confidential clients with secret {@code <client-id>-secret}, users with password {@code <user>-pw}.
 */
public final class KeycloakTokens {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private KeycloakTokens() {
    }

    /** Client-credentials token for a confidential client such as {@code demo-source} or {@code demo-agent}. */
    public static String client(String clientId) {
        return CACHE.computeIfAbsent("client:" + clientId, key -> newClientToken(clientId));
    }

    /** Password-grant token for a development user (alice, bob, hana, ada) through the public goodhart-cli client. */
    public static String user(String username) {
        return CACHE.computeIfAbsent("user:" + username, key -> newUserToken(username));
    }

    /** A token of its own, never the one the other tests share: for tests about a token's first and later uses. */
    public static String newClientToken(String clientId) {
        return request(Map.of(
                "grant_type", "client_credentials",
                "client_id", clientId,
                "client_secret", clientId + "-secret"));
    }

    /** A user's token of its own, never the one the other tests share. */
    public static String newUserToken(String username) {
        return request(Map.of(
                "grant_type", "password",
                "client_id", "goodhart-cli",
                "username", username,
                "password", username + "-pw"));
    }

    public static String issuer() {
        return TestStack.keycloakUrl() + "/realms/goodhart";
    }

    private static String request(Map<String, String> form) {
        awaitRealm();
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused " + form.get("grant_type") + " for "
                        + form.getOrDefault("username", form.get("client_id")) + ": " + response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + issuer() + " is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** bin/test starts Keycloak beside the build; the first test that needs it waits here. */
    private static void awaitRealm() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (true) {
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Keycloak realm not ready at " + issuer() + " after " + READY_TIMEOUT);
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
