package dev.goodhart.ingest.feed;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.goodhart.common.problem.ProblemException;

/**
 * A place in the feed: the inserting transaction's id and the row's number from the shared sequence. Feed order is
 * (xactId, seq) over every record type. Clients see it only as an opaque cursor.
 */
public record FeedPosition(long xactId, long seq) implements Comparable<FeedPosition> {

    /** Before every event. */
    public static final FeedPosition START = new FeedPosition(0, 0);
    private static final String VERSION = "1";

    /** The opaque cursor for this position; absent or blank means {@link #START}. */
    public static FeedPosition fromCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return START;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 3 && parts[0].equals(VERSION)) {
                FeedPosition position = new FeedPosition(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                if (position.xactId >= 0 && position.seq >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below (NumberFormatException is an IllegalArgumentException)
        }
        throw ProblemException.invalidField("after", "is not a cursor returned by this feed");
    }

    public String cursor() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + ":" + xactId + ":" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int compareTo(FeedPosition other) {
        int byTransaction = Long.compare(xactId, other.xactId);
        return byTransaction != 0 ? byTransaction : Long.compare(seq, other.seq);
    }
}
