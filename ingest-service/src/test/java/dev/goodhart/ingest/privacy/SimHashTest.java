package dev.goodhart.ingest.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimHashTest {

    /** Vectors computed by the independent Python reference in docs/contracts.md: every source must agree. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0000000000000000",
            "Hello|2cf24dba5fb0a30e",
            "Summarise the meeting notes from the payments stand-up|b3839d658dfbbf47",
            "Summarise the meeting notes from the payments stand-up!|b3839d658dfbbf47",
            "summarise the MEETING notes from the payments standup please|8fae9f218df2ff47",
            "Write a haiku about autumn leaves falling in Kyoto|5b31a8b227ea26c9",
            "Ｆｕｌｌｗｉｄｔｈ text über Straße 42|2ec654e56a5c3da9" })
    void matchesTheReferenceVectors(String text, String fingerprint) {
        assertEquals(fingerprint, SimHash.fingerprint(text));
    }

    @Test
    void nearDuplicatesAreCloserThanUnrelatedTexts() {
        String prompt = "Summarise the standup meeting of the payments team held on Monday and list the action items";
        String reworded = "Summarise the standup meeting of the payments team held on Tuesday and list the action items";
        String unrelated = "Write a limerick about a database administrator who never takes holidays in August";
        int near = SimHash.distance(SimHash.fingerprint(prompt), SimHash.fingerprint(reworded));
        int far = SimHash.distance(SimHash.fingerprint(prompt), SimHash.fingerprint(unrelated));
        assertTrue(near < far, "near " + near + ", far " + far);
        assertTrue(near <= 16, "near " + near);
    }

    @Test
    void ignoresCasePunctuationAndWidth() {
        assertEquals(SimHash.fingerprint("deploy the checkout service"), SimHash.fingerprint("  DEPLOY, the checkout-service!"));
        assertEquals(SimHash.fingerprint("abc 123"), SimHash.fingerprint("ａｂｃ １２３"));
    }

    @Test
    void shinglesAreThreeTokensWide() {
        assertEquals(java.util.List.of("a b c", "b c d"), SimHash.features("A b, c; d"));
        assertEquals(java.util.List.of("one two"), SimHash.features("one two"));
        assertEquals(java.util.List.of(), SimHash.features("  -- !! "));
    }
}
