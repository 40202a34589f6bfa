package dev.goodhart.scoring.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The deserializer predicts each field name from the record before (see FeedEventDeserializer#next): records whose
 * fields come in another order, with unknown fields between them or with fewer fields must still read exactly.
 */
class FeedEventDeserializerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordsInChangingFieldOrdersAndWithUnknownFieldsReadTheSame() throws Exception {
        String inOrder = """
                {"type":"usage","id":"u-1","source":"native","occurredAt":"2026-11-23T10:00:00Z",
                 "receivedAt":"2026-11-23T10:00:01.120Z","personKey":"k1","team":"payments","agent":"bot",
                 "inputTokens":400,"outputTokens":180,"costUsd":0.0123,"sessionId":"s-1","trigger":"human",
                 "attributes":{}}""";
        String shuffled = """
                {"trigger":"schedule","costUsd":1.5,"id":"u-2","editor":{"name":"vim"},"type":"usage",
                 "outputTokens":20,"occurredAt":"2026-11-24T10:00:00Z","personKey":"k2","x-new":[1,2],"team":"search",
                 "inputTokens":10,"attributes":{"goodhart.tokens_reported":false}}""";
        String fewer = """
                {"type":"outcome","id":"o-1","occurredAt":"2026-11-25T10:00:00Z","kind":"pr_merged",
                 "attributes":{"count":3}}""";
        String page = "{\"events\":[" + inOrder + "," + shuffled + "," + fewer + "," + inOrder + "," + shuffled
                + "],\"next\":\"c\",\"hasMore\":false}";

        FeedPage read = JSON.readValue(page, FeedPage.class);

        assertEquals(5, read.events().size());
        for (int i : new int[] { 0, 3 }) {
            FeedEvent event = read.events().get(i);
            assertEquals("usage", event.type());
            assertEquals("u-1", event.id());
            assertEquals(Instant.parse("2026-11-23T10:00:01.120Z"), event.receivedAt());
            assertEquals("k1", event.personKey());
            assertEquals("payments", event.team());
            assertEquals("bot", event.agent());
            assertEquals(580, event.tokens());
            assertEquals(new BigDecimal("0.0123"), event.costUsd());
            assertEquals("s-1", event.sessionId());
            assertEquals("human", event.trigger());
        }
        for (int i : new int[] { 1, 4 }) {
            FeedEvent event = read.events().get(i);
            assertEquals("u-2", event.id());
            assertEquals("usage", event.type());
            assertEquals(Instant.parse("2026-11-24T10:00:00Z"), event.occurredAt());
            assertEquals("k2", event.personKey());
            assertEquals("search", event.team());
            assertEquals("schedule", event.trigger());
            assertEquals(new BigDecimal("1.5"), event.costUsd());
            assertEquals(true, event.countOnly());
            assertEquals(null, event.agent());
            assertEquals(null, event.receivedAt());
        }
        FeedEvent outcome = read.events().get(2);
        assertEquals("outcome", outcome.type());
        assertEquals("o-1", outcome.id());
        assertEquals("pr_merged", outcome.kind());
        assertEquals(3, outcome.count());
        assertEquals(null, outcome.personKey());
    }
}
