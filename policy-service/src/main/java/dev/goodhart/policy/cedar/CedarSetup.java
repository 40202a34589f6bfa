package dev.goodhart.policy.cedar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.cedarpolicy.BasicAuthorizationEngine;

import io.quarkus.logging.Log;

import dev.goodhart.policy.config.PolicyConfig;

/** The Cedar objects the service shares: one schema (cached natively), its translator, compiler and authorizer. */
public class CedarSetup {

    public static final String SHIPPED_SCHEMA = "cedar/goodhart.cedarschema";

    @Produces
    @Singleton
    PolicySchema schema(PolicyConfig config) {
        if (config.schemaFile().isPresent()) {
            try {
                Log.infof("Using the Cedar schema in %s", config.schemaFile().get());
                return PolicySchema.parse(Files.readString(config.schemaFile().get(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Cedar schema " + config.schemaFile().get(), e);
            }
        }
        return PolicySchema.parse(classpathText(SHIPPED_SCHEMA));
    }

    @Produces
    @Singleton
    CedarTranslator translator(PolicySchema schema) {
        return new CedarTranslator(schema);
    }

    @Produces
    @Singleton
    PolicyCompiler compiler(PolicySchema schema) {
        return new PolicyCompiler(schema, new BasicAuthorizationEngine());
    }

    @Produces
    @Singleton
    CedarAuthorizer authorizer(PolicySchema schema) {
        return new CedarAuthorizer(new BasicAuthorizationEngine(), schema);
    }

    @Produces
    @Singleton
    PolicySetCache policySetCache() {
        return new PolicySetCache();
    }

    public static String classpathText(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
