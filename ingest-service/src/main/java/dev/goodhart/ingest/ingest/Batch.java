package dev.goodhart.ingest.ingest;

import java.util.List;

/**
 * The events of one write request, in request order. {@code single} is true when the body was one JSON object rather
 * than an array or NDJSON: its errors then name fields without an index.
 */
public record Batch<Q>(List<Incoming<Q>> items, boolean single) {

    public static <Q> Batch<Q> of(List<Q> requests) {
        List<Incoming<Q>> items = new java.util.ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            items.add(Incoming.bound(i, null, requests.get(i)));
        }
        return new Batch<>(items, false);
    }
}
