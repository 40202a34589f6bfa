package dev.goodhart.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The organisation as one ordered feed, page by page: first the directory (one {@code person} record per member), then
 * every event day by day. The cursor is the offset of the next record ({@code o<offset>}). Pages are rendered on
 * demand; reading forwards never regenerates a day, and going back (a retried page) regenerates from the day that
 * holds the offset.
 */
public final class FeedStream {

    private final Organisation organisation;
    private final FeedFormat format;
    private final List<Long> dayStarts = new ArrayList<>();
    private int loadedDay = -1;
    private List<SimEvent> loadedEvents = List.of();

    public FeedStream(Organisation organisation, FeedFormat format) {
        this.organisation = organisation;
        this.format = format;
        dayStarts.add((long) organisation.members().size());
    }

    /** The cursor that starts the feed, as when {@code after} is absent. */
    public static long offset(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        if (!cursor.startsWith("o")) {
            throw new IllegalArgumentException("not a cursor of this feed: " + cursor);
        }
        return Long.parseLong(cursor.substring(1));
    }

    public static String cursor(long offset) {
        return "o" + offset;
    }

    /** A feed page of at most {@code limit} records from {@code offset}, every record received at {@code receivedAt}. */
    public synchronized String page(long offset, int limit, long receivedAt) {
        StringBuilder out = new StringBuilder(limit * 700);
        out.append("{\"events\":[");
        long position = offset;
        int written = 0;
        List<Member> members = organisation.members();
        while (written < limit && position < members.size()) {
            separate(out, written++);
            format.person(out, members.get((int) position++), receivedAt);
        }
        while (written < limit && load(position)) {
            int index = (int) (position - dayStarts.get(loadedDay));
            while (written < limit && index < loadedEvents.size()) {
                separate(out, written++);
                format.event(out, loadedEvents.get(index++), receivedAt);
                position++;
            }
        }
        boolean hasMore = load(position);
        out.append("],\"next\":\"").append(cursor(position)).append("\",\"hasMore\":").append(hasMore).append('}');
        return out.toString();
    }

    /** Makes the day holding {@code position} the loaded one; false past the last event. */
    private boolean load(long position) {
        if (position < dayStarts.get(0)) {
            return true;
        }
        if (loadedDay >= 0 && position >= dayStarts.get(loadedDay) && position < dayStarts.get(loadedDay) + loadedEvents.size()) {
            return true;
        }
        int day = 0;
        while (day + 1 < dayStarts.size() && dayStarts.get(day + 1) <= position) {
            day++;
        }
        while (day < organisation.spec().days()) {
            loadedDay = day;
            loadedEvents = organisation.day(day);
            long end = dayStarts.get(day) + loadedEvents.size();
            if (dayStarts.size() == day + 1) {
                dayStarts.add(end);
            }
            if (position < end) {
                return true;
            }
            day++;
        }
        return false;
    }

    private static void separate(StringBuilder out, int written) {
        if (written > 0) {
            out.append(',');
        }
    }
}
