package dev.goodhart.policy.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.cedar.DecisionInput;

/** The streamed texts must be exactly those of the tree-based canonical form that earlier versions stored and hashed. */
class CanonicalDecisionTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static List<ObjectNode> contexts() {
        List<ObjectNode> contexts = new ArrayList<>();
        contexts.add(null);
        contexts.add(NODES.objectNode());
        for (String json : List.of(
                "{\"tokens\":2000}",
                "{\"tokens\":2000.0,\"costUsd\":0.10,\"recipientDomains\":[\"example.com\",\"ex\\u00e4mple.org\"]}",
                "{\"z\":{\"b\":[1,2.50,{\"y\":null,\"x\":true}],\"a\":\"\\u2028\\u0001\\\"\\\\/\"},\"a\":1e3,\"m\":-0.000}",
                "{\"big\":123456789012345678901234567890,\"small\":1E-7,\"huge\":1.5E+20,\"neg\":-42,\"emoji\":\"\\ud83d\\ude00\"}")) {
            contexts.add((ObjectNode) CanonicalJson.read(json));
        }
        ObjectNode typed = NODES.objectNode();
        typed.put("double", 2000.0d);
        typed.put("float", 0.5f);
        typed.put("int", 7);
        typed.put("long", Long.MAX_VALUE);
        typed.put("decimal", new BigDecimal("12.3400"));
        typed.put("bigInteger", new BigInteger("99999999999999999999"));
        typed.putNull("nothing");
        typed.putArray("empty");
        contexts.add(typed);
        return contexts;
    }

    private static List<DecisionInput> inputs() {
        List<DecisionInput> inputs = new ArrayList<>();
        ObjectNode attributes = (ObjectNode) CanonicalJson.read("{\"owner\":\"alice@example.com\",\"environment\":\"prod\"}");
        for (ObjectNode context : contexts()) {
            inputs.add(new DecisionInput(new DecisionInput.AgentFacts("demo-agent", true, "alice@example.com", "low", "payments"),
                    "alice@example.com", "deploy", new DecisionInput.Resource("Service", "checkout", attributes), context,
                    new DecisionInput.Recent(3, 17)));
            inputs.add(new DecisionInput(DecisionInput.AgentFacts.unregistered("other-\u00e9"), "zo\u00eb@example.com",
                    "send_email", new DecisionInput.Resource("Mailbox", "m\"1", null), context, DecisionInput.Recent.NONE));
        }
        return inputs;
    }

    @Test
    void theStoredRequestIsTheTreeBasedCanonicalText() {
        for (DecisionInput input : inputs()) {
            assertEquals(CanonicalJson.write(input), CanonicalDecision.request(input));
        }
    }

    @Test
    void theApprovalHashIsTheOneEarlierVersionsStored() {
        for (DecisionInput input : inputs()) {
            Map<String, Object> bound = new LinkedHashMap<>();
            bound.put("agent", "demo-agent");
            bound.put("onBehalfOf", input.onBehalfOf());
            bound.put("action", input.action());
            bound.put("resource", input.resource());
            bound.put("context", input.context());
            assertEquals(CanonicalJson.sha256(bound), CanonicalDecision.requestHash("demo-agent", input));
        }
        DecisionInput input = inputs().get(4);
        assertNotEquals(CanonicalDecision.requestHash("demo-agent", input), CanonicalDecision.requestHash("other-agent", input));
    }
}
