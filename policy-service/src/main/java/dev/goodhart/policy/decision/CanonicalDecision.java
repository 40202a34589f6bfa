package dev.goodhart.policy.decision;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.cedar.DecisionInput;

/**
 * The canonical texts of a decision, written field by field in sorted key order: the request stored in its audit record
 * and the hash an approval is bound to. Each is exactly what {@link CanonicalJson#write(Object)} gives for the same
 * value (so approvals created by earlier versions still match), without mapping the records to trees and sorting them.
 */
final class CanonicalDecision {

    private CanonicalDecision() {
    }

    /** The decision's input as the audit log stores it. */
    static String request(DecisionInput input) {
        return CanonicalJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("action", input.action());
            json.writeFieldName("agent");
            agent(json, input.agent());
            json.writeFieldName("context");
            CanonicalJson.writeTree(json, input.context());
            json.writeStringField("onBehalfOf", input.onBehalfOf());
            json.writeFieldName("recent");
            recent(json, input.recent());
            json.writeFieldName("resource");
            resource(json, input.resource());
            json.writeEndObject();
        });
    }

    /** What an approval is bound to: the agent, the person, the action, the resource and context as sent. */
    static String requestHash(String agentId, DecisionInput input) {
        return CanonicalJson.sha256(CanonicalJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("action", input.action());
            json.writeStringField("agent", agentId);
            json.writeFieldName("context");
            CanonicalJson.writeTree(json, input.context());
            json.writeStringField("onBehalfOf", input.onBehalfOf());
            json.writeFieldName("resource");
            resource(json, input.resource());
            json.writeEndObject();
        }));
    }

    private static void agent(JsonGenerator json, DecisionInput.AgentFacts agent) throws IOException {
        if (agent == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("id", agent.id());
        json.writeStringField("owner", agent.owner());
        json.writeBooleanField("registered", agent.registered());
        json.writeStringField("riskTier", agent.riskTier());
        json.writeStringField("team", agent.team());
        json.writeEndObject();
    }

    private static void recent(JsonGenerator json, DecisionInput.Recent recent) throws IOException {
        if (recent == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("lastHour", recent.lastHour());
        json.writeNumberField("today", recent.today());
        json.writeEndObject();
    }

    private static void resource(JsonGenerator json, DecisionInput.Resource resource) throws IOException {
        if (resource == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName("attributes");
        CanonicalJson.writeTree(json, resource.attributes());
        json.writeStringField("id", resource.id());
        json.writeStringField("type", resource.type());
        json.writeEndObject();
    }
}
