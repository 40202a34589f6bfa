package dev.goodhart.common.testing;

/**
 * Where bin/test started the test PostgreSQL and Keycloak. bin/test exports these; the defaults match a manual
 * {@code bin/goodhart up}.
 */
public final class TestStack {

    private TestStack() {
    }

    public static int postgresPort() {
        return Integer.parseInt(setting("GOODHART_TEST_PG_PORT", "55433"));
    }

    public static String keycloakUrl() {
        return setting("GOODHART_TEST_KEYCLOAK_URL", "http://localhost:8180");
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
