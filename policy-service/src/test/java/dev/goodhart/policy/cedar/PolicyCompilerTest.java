package dev.goodhart.policy.cedar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.Effect;

class PolicyCompilerTest {

    private static PolicyCompiler compiler;

    @BeforeAll
    static void loadSchema() throws IOException {
        PolicySchema schema = PolicySchema.parse(Files.readString(Path.of("src/main/resources/cedar/goodhart.cedarschema")));
        compiler = new PolicyCompiler(schema, new BasicAuthorizationEngine());
    }

    private static List<PolicyProblem> problems(String source) {
        return assertThrows(InvalidPolicySetException.class, () -> compiler.compile(source)).problems();
    }

    @Test
    void policiesAreNamedByTheirIdAndDescribedByTheirAnnotations() {
        CompiledPolicies compiled = compiler.compile("""
                // a comment with a ; in it
                @id("a") @reason("Staging; always")
                permit (principal, action == Action::"deploy", resource is Service) when { resource.environment == "staging" };

                @id("b") @approval("required")
                permit (principal, action == Action::"post_message", resource is Channel);
                """);
        assertEquals(List.of("a", "b"), List.copyOf(compiled.policies().keySet()));
        assertEquals("Staging; always", compiled.policy("a").reason());
        assertEquals(2, compiled.policy("a").line());
        assertEquals(Effect.PERMIT, compiled.policy("b").effect());
        assertTrue(compiled.policy("b").approvalRequired());
        assertEquals("Permitted by policy b", compiled.policy("b").reason());
    }

    @Test
    void aSyntaxErrorIsPlacedByLineAndColumnEvenAfterWideCharacters() {
        List<PolicyProblem> problems = problems("""
                @id("a") @reason("Déploiement autorisé — été")
                permit (principal, action == Action::"deploy", resource);
                @id("b")
                permit (principal, action, resource) when { resource.x == };
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(4, problems.get(0).line());
        assertEquals(59, problems.get(0).column());
    }

    @Test
    void aValidationErrorNamesThePolicyAndWhereInItTheProblemIs() {
        List<PolicyProblem> problems = problems("""
                @id("fine")
                permit (principal, action == Action::"create_ticket", resource);

                @id("typo")
                permit (principal, action == Action::"deploy", resource is Service)
                when {
                  resource.enviroment == "prod"
                };
                """);
        assertEquals(1, problems.size(), problems.toString());
        PolicyProblem problem = problems.get(0);
        assertEquals("typo", problem.policyId());
        assertEquals(7, problem.line());
        assertEquals(3, problem.column());
        assertTrue(problem.message().contains("environment"), problem.message());
    }

    @Test
    void idsAreRequiredUniqueAndApprovalOnlyOnPermits() {
        List<PolicyProblem> problems = problems("""
                permit (principal, action == Action::"create_ticket", resource);
                @id("x") permit (principal, action == Action::"create_ticket", resource);
                @id("x") permit (principal, action == Action::"create_ticket", resource);
                @id("f") @approval("required") forbid (principal, action == Action::"create_ticket", resource);
                @id("bad id!") permit (principal, action == Action::"create_ticket", resource);
                """);
        assertEquals(List.of(1, 3, 4, 5), problems.stream().map(PolicyProblem::line).toList(), problems.toString());
    }

    @Test
    void aMissingSemicolonAtTheEndIsReported() {
        List<PolicyProblem> problems = problems("@id(\"a\") permit (principal, action, resource)");
        assertEquals(1, problems.get(0).line());
    }

    @Test
    void textWithoutPoliciesIsAValidSetThatPermitsNothing() {
        assertTrue(compiler.compile("// nothing is allowed\n").policies().isEmpty());
    }
}
