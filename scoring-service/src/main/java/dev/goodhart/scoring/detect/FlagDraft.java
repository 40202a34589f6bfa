package dev.goodhart.scoring.detect;

import java.time.Instant;
import java.util.Map;

/**
 * A flag as a detector raises it, before it is stored.
 *
 * @param personId the person the activity belongs to (for an agent, the person it mostly ran for), or null
 * @param agent the agent the flag is about, or null for a person's own activity
 * @param events indices into the week of the events the flag covers: they count as busywork
 * @param evidence the numbers behind the flag; example event ids are added when it is stored
 */
public record FlagDraft(String detector, Integer personId, String agent, Instant from, Instant to, int[] events,
        String summary, Map<String, Object> evidence) {
}
