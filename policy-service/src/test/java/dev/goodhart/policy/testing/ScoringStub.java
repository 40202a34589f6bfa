package dev.goodhart.policy.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.time.Instant;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * scoring-service's HTTP API as WireMock on a free port (scoring-service does not exist yet): agent spend per the
 * contract in docs/contracts.md. Unknown agents answer 404, which policy-service reads as "no usage yet".
 */
public class ScoringStub implements QuarkusTestResourceLifecycleManager {

    private static volatile WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    /** Stubs the agent's daily spend as scoring-service would report it. */
    public static void spend(String agentId, long tokens, String costUsd, Instant asOf) {
        server.stubFor(get(urlPathEqualTo("/v1/agents/" + agentId + "/spend")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"agentId": "%s", "window": "P1D", "from": "%s", "to": "%s", "tokens": %d, "costUsd": %s,
                         "events": 12, "asOf": "%s"}
                        """.formatted(agentId, asOf.minusSeconds(86_400), asOf, tokens, costUsd, asOf))));
    }

    /** scoring-service fails for this agent. */
    public static void failing(String agentId) {
        server.stubFor(get(urlPathEqualTo("/v1/agents/" + agentId + "/spend"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody("{}")));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/v1/agents/[^/]+/spend")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\": 404}")));
        return Map.of("quarkus.rest-client.scoring.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
