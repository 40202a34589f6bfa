package dev.goodhart.ingest.feed;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One record type's part of the feed. Every table behind a source records the inserting (or updating) transaction
 * in {@code xact_id} and takes {@code seq} from the shared {@code feed_seq} sequence, with an index on
 * {@code (xact_id, seq)}; a new record type joins the feed by adding a bean that implements this.
 */
public interface FeedSource {

    /**
     * Up to {@code limit} records after {@code after} in (xact_id, seq) order whose transaction id is below
     * {@code horizon}: the oldest transaction that may still be running, so every record returned is final.
     */
    List<FeedEntry> read(Connection connection, FeedPosition after, long horizon, int limit) throws SQLException;
}
