package dev.goodhart.scoring.support;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.goodhart.scoring.feed.FeedEvent;

/** Feed pages as ingest-service renders them (ISO-8601 instants), for WireMock stubs. */
public final class FeedJson {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private FeedJson() {
    }

    public static String page(List<FeedEvent> events, String next, boolean hasMore) {
        try {
            return "{\"events\":" + JSON.writeValueAsString(events) + ",\"next\":" + JSON.writeValueAsString(next)
                    + ",\"hasMore\":" + hasMore + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
