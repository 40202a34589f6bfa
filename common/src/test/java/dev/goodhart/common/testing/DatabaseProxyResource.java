package dev.goodhart.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service's datasource at a {@link TcpProxy} in front of the test PostgreSQL, so a test can take the
 * database away ({@link #proxy()}{@code .cut()}) and give it back. Init arg {@code database}: the database name.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;
    private String database;

    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("DatabaseProxyResource needs the init arg 'database'");
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            proxy = new TcpProxy("127.0.0.1", TestStack.postgresPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
