package dev.goodhart.policy.policytest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.cedarpolicy.BasicAuthorizationEngine;

import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.cedar.CedarAuthorizer;
import dev.goodhart.policy.cedar.CedarTranslator;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.PolicyCompiler;
import dev.goodhart.policy.cedar.PolicySchema;
import dev.goodhart.policy.cedar.PolicySetCache;

/**
 * Runs every {@code *.cedartest.json} under src/main/resources/cedar and src/test/resources with the build: each case
 * is a test. Policies come inline ({@code policies}) or from a file next to the test file ({@code policyFile}).
 */
class CedarTestFilesTest {

    private static final Path SHIPPED = Path.of("src/main/resources/cedar");
    private static final Path TEST_RESOURCES = Path.of("src/test/resources");

    @TestFactory
    Stream<DynamicNode> everyCedarTestFilePasses() throws IOException {
        PolicySchema schema = PolicySchema.parse(Files.readString(SHIPPED.resolve("goodhart.cedarschema")));
        PolicyCompiler compiler = new PolicyCompiler(schema, new BasicAuthorizationEngine());
        PolicyTestRunner runner = new PolicyTestRunner(new CedarTranslator(schema),
                new CedarAuthorizer(new BasicAuthorizationEngine(), schema));
        PolicySetCache cache = new PolicySetCache();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(SHIPPED, TEST_RESOURCES)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(file -> file.getFileName().toString().endsWith(".cedartest.json")).sorted().forEach(files::add);
            }
        }
        assertFalse(files.isEmpty(), "no *.cedartest.json found");
        List<DynamicNode> suites = new ArrayList<>();
        for (Path file : files) {
            PolicyTestSuite suite = CanonicalJson.mapper().readValue(file.toFile(), PolicyTestSuite.class);
            String source = suite.policyFile() != null
                    ? Files.readString(file.getParent().resolve(suite.policyFile()))
                    : suite.policies();
            LoadedPolicies policies = cache.load(compiler.compile(source), 0);
            List<DynamicTest> cases = suite.cases().stream()
                    .map(testCase -> DynamicTest.dynamicTest(testCase.name(), () -> {
                        PolicyTestReport.CaseResult result = runner.run(testCase, policies);
                        assertTrue(result.passed(), result.failure());
                    }))
                    .toList();
            suites.add(DynamicContainer.dynamicContainer(file.toString(), cases));
        }
        return suites.stream();
    }
}
