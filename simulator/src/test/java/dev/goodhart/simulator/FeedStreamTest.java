package dev.goodhart.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.goodhart.common.privacy.PersonKeys;

class FeedStreamTest {

    private static final String KEY = "test-only-pseudonymisation-key-0123456789";
    private static final Pattern NEXT = Pattern.compile("\"next\":\"(o\\d+)\",\"hasMore\":(true|false)}$");

    private final Organisation organisation = Organisation.generate(OrgSpec.mixed(20, 1, LocalDate.of(2030, 6, 3), 5, 10));

    @Test
    void pagesCoverTheDirectoryThenEveryEventExactlyOnce() {
        long events = 0;
        for (SimEvent ignored : organisation.events()) {
            events++;
        }
        FeedStream feed = new FeedStream(organisation, new FeedFormat(KEY));
        long records = 0;
        long people = 0;
        String cursor = null;
        while (true) {
            String page = feed.page(FeedStream.offset(cursor), 997, 0);
            records += count(page, "\"type\":\"");
            people += count(page, "\"type\":\"person\"");
            Matcher next = NEXT.matcher(page);
            assertTrue(next.find(), page.substring(Math.max(0, page.length() - 200)));
            cursor = next.group(1);
            if (next.group(2).equals("false")) {
                break;
            }
        }
        assertEquals(20, people);
        assertEquals(events + 20, records);
        assertEquals("o" + records, cursor);
        String end = feed.page(FeedStream.offset(cursor), 997, 0);
        assertEquals("{\"events\":[],\"next\":\"" + cursor + "\",\"hasMore\":false}", end);
    }

    @Test
    void aRetriedPageIsTheSamePage() {
        FeedStream feed = new FeedStream(organisation, new FeedFormat(KEY));
        String first = feed.page(500, 300, 0);
        feed.page(5_000, 300, 0);
        assertEquals(first, feed.page(500, 300, 0));
    }

    @Test
    void peopleAreKeyedLikeIngestServiceKeysThem() {
        String page = new FeedStream(organisation, new FeedFormat(KEY)).page(0, 1, 0);
        String alice = new PersonKeys(KEY).personKey("alice@example.com");
        assertTrue(page.contains("\"personKey\":\"" + alice + "\""), page);
        assertTrue(!page.contains("alice@example.com"), "an e-mail in the feed");
    }

    @Test
    void theDirectoryNamesTeamsAndManagersByKeyNeverByEmail() {
        String directory = new FeedStream(organisation, new FeedFormat(KEY)).page(0, 20, 0);
        PersonKeys keys = new PersonKeys(KEY);
        Member twoTeams = organisation.members().get(19);
        assertEquals(2, twoTeams.teams().size(), twoTeams.toString());
        String record = "\"personKey\":\"" + keys.personKey(twoTeams.email()) + "\",";
        int at = directory.indexOf(record);
        assertTrue(at > 0, directory);
        String tail = directory.substring(at);
        assertTrue(tail.contains("\"primaryTeam\":\"" + twoTeams.team() + "\",\"teams\":[\"" + twoTeams.teams().get(0)
                + "\",\"" + twoTeams.teams().get(1) + "\"],\"managerKey\":\"" + keys.personKey(twoTeams.manager()) + "\","),
                tail.substring(0, Math.min(400, tail.length())));
        assertTrue(directory.contains("\"personKey\":\"" + keys.personKey(Organisation.ALICE) + "\","), directory);
        assertEquals(1, count(directory, "\"managerKey\":null"), "only the head of the organisation has no manager");
        assertTrue(!directory.contains("@"), "an e-mail in the directory records");
    }

    private static long count(String text, String needle) {
        long count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
