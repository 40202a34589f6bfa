package dev.goodhart.ingest.privacy;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.config.IngestConfig;

/**
 * Raw prompt and output text never reaches the database: it is refused, or, where the deployment enables
 * fingerprinting, replaced by its {@link SimHash} here and dropped.
 */
@ApplicationScoped
public class TextFingerprints {

    private final boolean enabled;

    public TextFingerprints(IngestConfig config) {
        this.enabled = config.privacy().fingerprintText();
    }

    /**
     * The fingerprint to store for a field: the one computed from {@code text} when text was sent (and accepted), else
     * the one the source computed itself.
     */
    public String fingerprint(String textField, String text, String sentFingerprint, List<FieldError> errors) {
        if (text == null) {
            return sentFingerprint;
        }
        if (!enabled) {
            errors.add(new FieldError(textField, "raw " + textField + " text is not accepted; send its 64-bit SimHash "
                    + "as " + textField + "Fingerprint (see docs/contracts.md)"));
            return null;
        }
        return SimHash.fingerprint(text);
    }
}
