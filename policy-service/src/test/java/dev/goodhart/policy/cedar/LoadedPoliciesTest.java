package dev.goodhart.policy.cedar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityUID;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.cedar.DecisionInput.AgentFacts;
import dev.goodhart.policy.cedar.DecisionInput.Recent;
import dev.goodhart.policy.cedar.DecisionInput.Resource;
import dev.goodhart.policy.cedar.PolicySchema.ActionInfo;

/**
 * Each request is evaluated against the part of the set whose scope can match it: Cedar must answer exactly as with
 * the whole set (decision, determining policies, errors), for every action, principal and resource of the schema.
 */
class LoadedPoliciesTest {

    /** Every form a scope can take, on top of the default set; the last one fails to evaluate for large requests. */
    private static final String EXTRA_POLICIES = """
            @id("risky-team-does-nothing")
            forbid (principal in Team::"risky", action, resource);

            @id("bob-deploys-and-reads")
            permit (principal == User::"bob@example.com", action in [Action::"deploy", Action::"read"], resource);

            @id("no-posts-to-announcements")
            forbid (principal, action == Action::"post_message", resource == Channel::"#announcements");

            @id("payments-agents-file-tickets")
            permit (principal is Agent in Team::"payments", action == Action::"create_ticket", resource is Ticket);

            @id("people-never-spend-huge-amounts")
            forbid (principal is User, action == Action::"spend_tokens", resource)
            when { context.tokens * 9223372036854775807 > 0 };
            """;

    private static PolicySchema schema;
    private static CedarTranslator translator;
    private static String policyText;

    @BeforeAll
    static void load() throws IOException {
        schema = PolicySchema.parse(Files.readString(Path.of("src/main/resources/cedar/goodhart.cedarschema")));
        translator = new CedarTranslator(schema);
        policyText = Files.readString(Path.of("src/main/resources/cedar/default-policies.cedar")) + "\n" + EXTRA_POLICIES;
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) CanonicalJson.read(text);
    }

    /** A few resources of each type, with the attributes the policies look at. */
    private static List<Resource> resources(String type) {
        return switch (type) {
            case "Service" -> List.of(new Resource(type, "checkout", json("{\"environment\": \"prod\"}")),
                    new Resource(type, "checkout", json("{\"environment\": \"staging\"}")));
            case "Channel" -> List.of(new Resource(type, "#announcements", json("{\"visibility\": \"internal\"}")),
                    new Resource(type, "#random", json("{\"visibility\": \"public\"}")));
            case "Model" -> List.of(new Resource(type, "claude", json("{}")));
            case "Mailbox" -> List.of(new Resource(type, "alice", json("{\"owner\": \"alice@example.com\"}")),
                    new Resource(type, "bob", json("{\"owner\": \"bob@example.com\"}")));
            default -> List.of(new Resource(type, "r1", json("{\"owner\": \"alice@example.com\"}")),
                    new Resource(type, "r2", json("{}")));
        };
    }

    private static List<DecisionInput> everyKindOfRequest() {
        List<AgentFacts> agents = List.of(new AgentFacts("helper", true, "alice@example.com", "low", "payments"),
                new AgentFacts("risky-bot", true, "bob@example.com", "high", "risky"), AgentFacts.unregistered("stranger"));
        List<DecisionInput> inputs = new ArrayList<>();
        for (ActionInfo action : schema.actions().values()) {
            if (action.isGroup()) {
                continue;
            }
            List<String> contexts = switch (action.name()) {
                case "send_email" -> List.of("{\"recipientDomains\": [\"example.com\"]}", "{\"recipientDomains\": [\"gmail.com\"]}");
                case "spend_tokens" -> List.of("{\"tokens\": 1}", "{\"tokens\": 200000}");
                default -> List.of("{}");
            };
            for (String resourceType : action.resourceTypes()) {
                for (Resource resource : resources(resourceType)) {
                    for (AgentFacts agent : agents) {
                        for (String person : List.of("alice@example.com", "bob@example.com")) {
                            for (String context : contexts) {
                                inputs.add(new DecisionInput(agent, person, action.name(), resource, json(context),
                                        new Recent(25, 40)));
                            }
                        }
                    }
                }
            }
        }
        return inputs;
    }

    /** As CedarAuthorizer asks: without the schema, the translator having added the action and its groups. */
    private static AuthorizationSuccessResponse authorize(BasicAuthorizationEngine engine, PolicySet policies, EntityUID principal,
            CedarRequest request) throws Exception {
        return authorize(engine, policies, principal, request, Optional.empty(), request.entities());
    }

    private static AuthorizationSuccessResponse authorize(BasicAuthorizationEngine engine, PolicySet policies, EntityUID principal,
            CedarRequest request, Optional<Schema> schema, Set<Entity> entities) throws Exception {
        AuthorizationResponse response = engine.isAuthorized(new AuthorizationRequest(principal, request.action(),
                request.resource(), Optional.of(request.context()), schema, false), policies, entities);
        return response.success.orElseThrow(() -> new AssertionError(response.errors));
    }

    /** The same decision, determining policies and failing policies. */
    private static void assertSameAnswer(AuthorizationSuccessResponse expected, AuthorizationSuccessResponse actual, String what) {
        assertEquals(expected.isAllowed(), actual.isAllowed(), what);
        assertEquals(expected.getReason(), actual.getReason(), what);
        assertEquals(expected.getErrors().stream().map(e -> e.getPolicyId()).sorted().toList(),
                actual.getErrors().stream().map(e -> e.getPolicyId()).sorted().toList(), what);
    }

    /**
     * Cedar is asked without the schema (parsing the entities by it and deriving the schema's actions as entities was a
     * fifth of each call): it must answer exactly as when it is given the schema and derives the action's groups itself.
     */
    @Test
    void cedarAnswersWithoutTheSchemaAsWithIt() throws Exception {
        CompiledPolicies compiled = new PolicyCompiler(schema, new BasicAuthorizationEngine()).compile(policyText);
        PolicySet whole = new PolicySet(new LinkedHashSet<>(compiled.cedarPolicies()));
        whole.cache();
        BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
        int evaluations = 0;
        int allowedThroughAGroup = 0;
        for (DecisionInput input : everyKindOfRequest()) {
            CedarRequest request = translator.translate(input);
            Set<Entity> withoutActions = request.entities().stream()
                    .filter(entity -> !entity.getEUID().getType().getBaseName().equals("Action")).collect(Collectors.toSet());
            assertEquals(request.entities().size() - 1, withoutActions.size(), "the translator adds the action, once");
            for (EntityUID principal : List.of(request.agent(), request.person())) {
                AuthorizationSuccessResponse expected = authorize(engine, whole, principal, request,
                        Optional.of(schema.cedarSchema()), withoutActions);
                AuthorizationSuccessResponse actual = authorize(engine, whole, principal, request);
                assertSameAnswer(expected, actual, principal + " " + input.action() + " " + input.resource());
                evaluations++;
                allowedThroughAGroup += actual.getReason().contains("read-own-resources") ? 1 : 0;
            }
        }
        assertTrue(evaluations > 200, "evaluations: " + evaluations);
        assertTrue(allowedThroughAGroup > 0, "the comparison covers a policy on an action group (action in Action::\"read\")");
    }

    @Test
    void cedarAnswersEveryRequestAsWithTheWholeSet() throws Exception {
        CompiledPolicies compiled = new PolicyCompiler(schema, new BasicAuthorizationEngine()).compile(policyText);
        PolicySet whole = new PolicySet(new LinkedHashSet<>(compiled.cedarPolicies()));
        whole.cache();
        BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
        int evaluations = 0;
        int narrowed = 0;
        int errors = 0;
        try (LoadedPolicies loaded = new PolicySetCache().load(compiled, 1)) {
            for (DecisionInput input : everyKindOfRequest()) {
                CedarRequest request = translator.translate(input);
                ActionInfo action = schema.action(input.action()).orElseThrow();
                for (EntityUID principal : List.of(request.agent(), request.person())) {
                    PolicySet part = loaded.forRequest(principal.getType().getBaseName(), action, input.resource().type());
                    AuthorizationSuccessResponse expected = authorize(engine, whole, principal, request);
                    AuthorizationSuccessResponse actual = authorize(engine, part, principal, request);
                    assertSameAnswer(expected, actual, principal + " " + input.action() + " " + input.resource());
                    evaluations++;
                    narrowed += part.policies.size() < whole.policies.size() ? 1 : 0;
                    errors += expected.getErrors().isEmpty() ? 0 : 1;
                }
            }
        }
        assertTrue(evaluations > 200, "evaluations: " + evaluations);
        assertEquals(evaluations, narrowed, "every kind of request needs only part of this set");
        assertTrue(errors > 0, "the comparison covers evaluation errors");
    }

    @Test
    void partsAreCachedOncePerDistinctListOfPoliciesAndGoBackToThePoolWithTheSet() throws Exception {
        CompiledPolicies compiled = new PolicyCompiler(schema, new BasicAuthorizationEngine()).compile(policyText);
        PolicySetCache cache = new PolicySetCache();
        ActionInfo deploy = schema.action("deploy").orElseThrow();
        ActionInfo readEmail = schema.action("read_email").orElseThrow();
        ActionInfo readCode = schema.action("read_code").orElseThrow();
        int slotsAfterFirstRound = 0;
        for (int round = 0; round < 3; round++) {
            try (LoadedPolicies loaded = cache.load(compiled, 1)) {
                PolicySet agentDeploys = loaded.forRequest("Agent", deploy, "Service");
                assertTrue(agentDeploys == loaded.forRequest("Agent", deploy, "Service"), "cached per kind of request");
                assertFalse(agentDeploys.policies.stream().anyMatch(p -> p.getID().equals("read-own-resources")));
                assertTrue(agentDeploys.policies.stream().anyMatch(p -> p.getID().equals("deploy-to-staging")));
                assertFalse(loaded.forRequest("User", deploy, "Service").policies.stream()
                        .anyMatch(p -> p.getID().equals("high-risk-agents-never-deploy-to-prod")));
                // read_email and read_code differ only in resource type and action name: the same policies can match.
                assertTrue(loaded.forRequest("User", readEmail, "Mailbox") == loaded.forRequest("User", readCode, "Repository"));
            }
            if (round == 0) {
                slotsAfterFirstRound = cache.slotsCreated();
                assertEquals(4, slotsAfterFirstRound, "the whole set and three distinct parts");
            }
        }
        assertEquals(slotsAfterFirstRound, cache.slotsCreated(), "released slots are reused");
    }
}
