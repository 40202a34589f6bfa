package dev.goodhart.scoring.feed;

/**
 * Another consumer (a second replica) advanced the stored cursor while this one applied a page; the page is rolled
 * back and this consumer resumes from the stored cursor at its next poll.
 */
public class CursorMovedException extends RuntimeException {

    public CursorMovedException(String expected) {
        super("The feed cursor is no longer " + (expected == null ? "at the start" : expected), null, false, false);
    }
}
