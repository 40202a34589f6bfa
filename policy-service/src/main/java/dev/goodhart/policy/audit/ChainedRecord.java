package dev.goodhart.policy.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The fields of an audit record that its hash covers, in the order they are hashed. The hash is SHA-256 over the
 * canonical JSON array of these fields followed by the previous record's hash, in lower-case hex; the first record's
 * previous hash is 64 zeros. Writer and verifier both hash through this class, from the values as they are stored.
 */
public record ChainedRecord(
        long seq,
        UUID decisionId,
        Instant recordedAt,
        String agent,
        String onBehalfOf,
        String action,
        String resourceType,
        String resourceId,
        String decision,
        String basis,
        String verdict,
        int policyVersion,
        List<String> policies,
        List<String> reasons,
        UUID approvalId,
        Long tokens,
        BigDecimal costUsd,
        String request,
        String prevHash) {

    public static final String GENESIS = "0".repeat(64);

    /** PostgreSQL keeps microseconds and numeric(18,4) four decimals: values are hashed as they will be read back. */
    public static Instant storedInstant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static BigDecimal storedCost(BigDecimal cost) {
        return cost == null ? null : cost.setScale(4, RoundingMode.HALF_EVEN);
    }

    public String hash() {
        List<Object> fields = new ArrayList<>();
        fields.add(seq);
        fields.add(decisionId.toString());
        fields.add(DateTimeFormatter.ISO_INSTANT.format(recordedAt));
        fields.add(agent);
        fields.add(onBehalfOf);
        fields.add(action);
        fields.add(resourceType);
        fields.add(resourceId);
        fields.add(decision);
        fields.add(basis);
        fields.add(verdict);
        fields.add(policyVersion);
        fields.add(policies);
        fields.add(reasons);
        fields.add(approvalId == null ? null : approvalId.toString());
        fields.add(tokens);
        fields.add(costUsd == null ? null : costUsd.toPlainString());
        fields.add(request);
        fields.add(prevHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CanonicalJson.write(fields).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
