package dev.goodhart.scoring.feed;

import java.time.Instant;

/**
 * What applying one feed page changed.
 *
 * @param stored usage and outcome events stored for the first time
 * @param duplicates events delivered again (already stored: at-least-once delivery)
 * @param skipped records that break the contract (e.g. no id); logged and counted, never stored
 * @param directoryEntries directory ("person") records applied
 * @param newestReceivedAt the newest {@code receivedAt} in the page, null for an empty page
 */
public record AppliedPage(long stored, long duplicates, long skipped, long directoryEntries, Instant newestReceivedAt) {
}
