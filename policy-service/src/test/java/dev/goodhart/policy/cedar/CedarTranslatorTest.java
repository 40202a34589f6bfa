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

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.EntityUID;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.cedar.DecisionInput.AgentFacts;
import dev.goodhart.policy.cedar.DecisionInput.Recent;
import dev.goodhart.policy.cedar.DecisionInput.Resource;

class CedarTranslatorTest {

    private static CedarTranslator translator;

    @BeforeAll
    static void loadSchema() throws IOException {
        translator = new CedarTranslator(PolicySchema.parse(Files.readString(Path.of("src/main/resources/cedar/goodhart.cedarschema"))));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) CanonicalJson.read(text);
    }

    private static DecisionInput input(String action, Resource resource, String context) {
        return new DecisionInput(new AgentFacts("demo-agent", true, "alice@example.com", "low", "payments"), "alice@example.com",
                action, resource, context == null ? null : json(context), new Recent(3, 7));
    }

    @Test
    void onlyTheEntitiesTheRequestNeedsAreSentWithPeopleBuiltFromTheirAddress() {
        CedarRequest request = translator.translate(input("send_email",
                new Resource("Mailbox", "alice", json("{\"owner\": \"Alice@Example.COM\"}")),
                "{\"recipientDomains\": [\"example.com\"], \"costUsd\": 0.5}"));
        List<String> ids = request.entities().stream().map(e -> e.getEUID().getType().getBaseName() + ":" + e.getEUID().getId())
                .sorted().toList();
        assertEquals(List.of("Action:send_email", "Agent:demo-agent", "Mailbox:alice", "Team:payments",
                "User:alice@example.com"), ids);
        Entity alice = request.entities().stream().filter(e -> e.getEUID().getId().toString().equals("alice@example.com"))
                .findFirst().orElseThrow();
        assertEquals("\"example.com\"", alice.getAttr("domain").toCedarExpr());
        assertEquals(new Decimal("0.5"), request.context().get("costUsd"));
        CedarMap recent = (CedarMap) request.context().get("recent");
        assertEquals("3", recent.get("lastHour").toCedarExpr());
        assertTrue(request.entities().stream().anyMatch(e -> e.getEUID().equals(request.agent())
                && e.getParents().stream().anyMatch(p -> p.getId().toString().equals("payments"))));
        assertTrue(request.resource() instanceof EntityUID);
    }

    @Test
    void theActionIsSentWithEveryGroupItIsIn() {
        CedarRequest request = translator.translate(input("read_email",
                new Resource("Mailbox", "alice", json("{\"owner\": \"alice@example.com\"}")), null));
        Entity action = request.entities().stream().filter(e -> e.getEUID().equals(request.action())).findFirst().orElseThrow();
        assertEquals("Action", action.getEUID().getType().getBaseName());
        assertEquals(List.of("read"), action.getParents().stream().map(p -> p.getId().toString()).sorted().toList());
        assertTrue(action.getParents().stream().allMatch(p -> p.getType().getBaseName().equals("Action")));
    }

    @Test
    void everyFieldThatDoesNotFitIsNamed() {
        InvalidDecisionInputException e = assertThrows(InvalidDecisionInputException.class, () -> translator.translate(
                input("spend_tokens", new Resource("Model", "m", json("{\"provider\": 7, \"size\": \"xl\"}")),
                        "{\"tokens\": 1.5, \"costUsd\": 0.12345}")));
        assertEquals(List.of("context.costUsd", "context.tokens", "resource.attributes.provider", "resource.attributes.size"),
                e.errors().stream().map(FieldError::field).sorted().toList());
    }

    @Test
    void actionGroupsAreNotAskedForDirectly() {
        InvalidDecisionInputException e = assertThrows(InvalidDecisionInputException.class,
                () -> translator.translate(input("read", new Resource("Mailbox", "m", json("{\"owner\": \"a@b.c\"}")), null)));
        assertTrue(e.errors().get(0).detail().contains("action group"));
    }
}
