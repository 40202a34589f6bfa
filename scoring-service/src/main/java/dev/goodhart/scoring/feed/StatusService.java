package dev.goodhart.scoring.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
@Transactional
public class StatusService {

    public FeedStatus ingestFeed() {
        FeedCursor cursor = FeedCursor.findById(FeedCursor.INGEST);
        return new FeedStatus(cursor.position, cursor.eventsApplied, cursor.updatedAt);
    }
}
