package dev.goodhart.ingest.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Goodhart SimHash v1: a 64-bit locality-sensitive fingerprint of a text, so that near-identical prompts have
 * fingerprints a few bits apart while the text itself is never stored. Every source and scoring-service's
 * near-duplicate detector must compute exactly this (docs/contracts.md, "Prompt and output fingerprints", has the
 * definition and test vectors):
 * <ol>
 * <li>normalise: Unicode NFKC, then lower case;</li>
 * <li>tokens: maximal runs of Unicode letters and numbers;</li>
 * <li>features: every run of 3 consecutive tokens joined by one space (a text of 1 or 2 tokens has one feature, its
 * tokens joined by a space; a text without tokens has the fingerprint 0);</li>
 * <li>each feature's hash: the first 8 bytes of SHA-256 of its UTF-8 bytes, as a big-endian 64-bit number;</li>
 * <li>for each of the 64 bits, add 1 per feature whose hash has the bit set and subtract 1 per feature whose hash has
 * it clear; the fingerprint's bit is 1 where the sum is positive;</li>
 * <li>written as 16 lower-case hex digits, most significant first.</li>
 * </ol>
 */
public final class SimHash {

    static final int SHINGLE_SIZE = 3;
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");

    private SimHash() {
    }

    /** The fingerprint as 16 lower-case hex digits. */
    public static String fingerprint(String text) {
        return HexFormat.of().toHexDigits(value(text));
    }

    static long value(String text) {
        List<String> features = features(text);
        if (features.isEmpty()) {
            return 0L;
        }
        int[] votes = new int[Long.SIZE];
        MessageDigest sha256 = sha256();
        for (String feature : features) {
            long hash = firstEightBytes(sha256.digest(feature.getBytes(StandardCharsets.UTF_8)));
            for (int bit = 0; bit < Long.SIZE; bit++) {
                votes[bit] += ((hash >>> bit) & 1L) == 1L ? 1 : -1;
            }
        }
        long fingerprint = 0L;
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if (votes[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return fingerprint;
    }

    /** Number of differing bits between two fingerprints: small means near-duplicate texts. */
    public static int distance(String fingerprint, String other) {
        return Long.bitCount(HexFormat.fromHexDigitsToLong(fingerprint) ^ HexFormat.fromHexDigitsToLong(other));
    }

    static List<String> features(String text) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(normalised);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        if (tokens.size() < SHINGLE_SIZE) {
            return tokens.isEmpty() ? List.of() : List.of(String.join(" ", tokens));
        }
        List<String> shingles = new ArrayList<>(tokens.size() - SHINGLE_SIZE + 1);
        for (int start = 0; start + SHINGLE_SIZE <= tokens.size(); start++) {
            shingles.add(String.join(" ", tokens.subList(start, start + SHINGLE_SIZE)));
        }
        return shingles;
    }

    private static long firstEightBytes(byte[] digest) {
        long value = 0L;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (digest[i] & 0xFFL);
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
