package dev.goodhart.ingest.feed;

/** One record of the feed; {@code type} tells the consumer which kind (usage, outcome, and later person). */
public interface FeedEvent {

    String type();

    String id();
}
