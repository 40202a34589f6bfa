package dev.goodhart.ingest.privacy;

import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.smallUsage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.StoredRows;

/** With fingerprinting enabled, raw prompt and output text is accepted, fingerprinted and dropped. */
@QuarkusTest
@TestProfile(FingerprintResourceTest.FingerprintingEnabled.class)
class FingerprintResourceTest {

    public static class FingerprintingEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("goodhart.ingest.privacy.fingerprint-text", "true");
        }
    }

    private static final String PROMPT = "Summarise the meeting notes from the payments stand-up";
    private static final String OUTPUT = "Write a haiku about autumn leaves falling in Kyoto";

    @Inject
    StoredRows rows;

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void storesTheSimHashOfPromptAndOutputButNeverTheText() {
        String id = newId("evt");
        String body = smallUsage(id).replace("}", ", \"prompt\": \"" + PROMPT + "\", \"output\": \"" + OUTPUT
                + "\", \"promptFingerprint\": \"ffffffffffffffff\"}");
        given().contentType(ContentType.JSON).body(body).post("/v1/usage-events")
                .then().log().ifValidationFails().statusCode(200).body("stored", equalTo(1));

        assertEquals("b3839d658dfbbf47", rows.text("select prompt_fingerprint from usage_event where event_id = ?", id),
                "the service's own fingerprint wins over the one sent");
        assertEquals("5b31a8b227ea26c9", rows.text("select output_fingerprint from usage_event where event_id = ?", id));
        String stored = rows.rowText("usage_event", id);
        assertFalse(stored.contains("payments stand-up") || stored.contains("Kyoto"), stored);
    }
}
