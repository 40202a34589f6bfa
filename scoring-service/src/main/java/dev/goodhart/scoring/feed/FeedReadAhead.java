package dev.goodhart.scoring.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads the feed from a cursor on a thread of its own, a few pages ahead of the applier, until the feed has nothing new
 * (a page without more, or one whose {@code next} is the cursor it was read with). Fetching and parsing the next pages
 * then overlap with the database work of the current ones, and when the database is the slower side, the pages that
 * piled up meanwhile are applied together in one transaction: a transaction's fixed costs (commit, cursor update) and
 * its weekly-total upserts (one per person and week, however many of their events it holds) are spread over more events.
 * A failed read ends the stream: the pages read before it are still handed out first, then the failure.
 */
final class FeedReadAhead implements AutoCloseable {

    /** Marks the end of the stream in the queue; a RuntimeException there is a failed read. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> pages;
    private final Future<?> reading;
    private boolean ended;
    private volatile boolean closed;

    FeedReadAhead(IngestFeed feed, String after, int pageSize, int pagesAhead, ExecutorService executor) {
        this.pages = new ArrayBlockingQueue<>(pagesAhead + 1);
        this.reading = executor.submit(() -> read(feed, after, pageSize));
    }

    private void read(IngestFeed feed, String after, int pageSize) {
        String cursor = after;
        while (!closed) {
            FeedPage page;
            try {
                page = feed.page(cursor, pageSize);
            } catch (RuntimeException | Error e) {
                // Handed over whatever it is: the consumer waits for this thread's word.
                hand(e instanceof RuntimeException failure ? failure : new IllegalStateException("reading the feed failed", e));
                return;
            }
            if (!hand(page)) {
                return;
            }
            if (!page.hasMore() || Objects.equals(page.next(), cursor)) {
                hand(END);
                return;
            }
            cursor = page.next();
        }
    }

    /**
     * Queues a page, a failure or the end; false once closed. Waits in short steps rather than on the interrupt alone:
     * a read interrupted by {@link #close()} may come back with its interrupt status cleared by the HTTP client.
     */
    private boolean hand(Object item) {
        try {
            while (!closed) {
                if (pages.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * The next pages in feed order: the first one as soon as it is read, then those already read behind it, as long as
     * they hold at most {@code maxEvents} records together (a single larger page still comes alone). Empty at the end
     * of the stream.
     *
     * @throws RuntimeException the failure of the read that ended the stream, once the pages before it are handed out
     */
    List<FeedPage> next(int maxEvents) {
        if (ended) {
            return List.of();
        }
        FeedPage first = page(take());
        if (first == null) {
            return List.of();
        }
        List<FeedPage> batch = new ArrayList<>();
        batch.add(first);
        int events = first.events().size();
        for (Object queued = pages.peek(); queued instanceof FeedPage page
                && events + page.events().size() <= maxEvents; queued = pages.peek()) {
            pages.remove();
            batch.add(page);
            events += page.events().size();
        }
        return batch;
    }

    private Object take() {
        try {
            return pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the feed", e);
        }
    }

    private FeedPage page(Object queued) {
        if (queued instanceof RuntimeException failure) {
            ended = true;
            throw failure;
        }
        if (queued == END) {
            ended = true;
            return null;
        }
        return (FeedPage) queued;
    }

    /** Stops reading ahead (a read in progress is interrupted). */
    @Override
    public void close() {
        closed = true;
        reading.cancel(true);
    }
}
