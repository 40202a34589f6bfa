package dev.goodhart.policy.cedar;

import java.util.Map;
import java.util.Set;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;

/**
 * A decision translated for Cedar: the two principals (agent and person), the action, the resource, the context and
 * only the entities the request needs (agent, person, the people and teams they point to, the resource).
 */
public record CedarRequest(EntityUID agent, EntityUID person, EntityUID action, EntityUID resource,
        Map<String, Value> context, Set<Entity> entities) {
}
