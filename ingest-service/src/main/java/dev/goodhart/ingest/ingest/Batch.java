package dev.goodhart.ingest.ingest;

import java.util.List;

/**
 * The events of one write request, in request order. {@code single} is true when the body was one JSON object rather
 * than an array or NDJSON: its errors then name fields without an index. Sources other than the JSON API build one
 * from {@link Incoming#bound} items (and {@link Incoming#unreadable} for what they could not map).
 */
public record Batch<Q>(List<Incoming<Q>> items, boolean single) {
}
