package dev.goodhart.policy.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import dev.goodhart.common.problem.ProblemException;

@ApplicationScoped
@Transactional
public class PolicyService {

    static final String DEFAULT_POLICIES = "cedar/default-policies.cedar";
    static final String INSTALLER = "goodhart (default policy set)";

    /** A fresh database starts with the default policy set as version 1, so that agents are never unguarded. */
    void installDefaultPolicies(@Observes StartupEvent startup) {
        if (PolicyVersion.count() > 0) {
            return;
        }
        PolicyVersion first = new PolicyVersion();
        first.version = 1;
        first.source = readClasspath(DEFAULT_POLICIES);
        first.createdBy = INSTALLER;
        first.active = true;
        first.persist();
        Log.info("Installed the default Cedar policy set as version 1");
    }

    public PolicySetView active() {
        return PolicyVersion.findActive().map(PolicySetView::of)
                .orElseThrow(() -> ProblemException.notFound("No policy set is active"));
    }

    private static String readClasspath(String path) {
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
