package dev.goodhart.scoring.feed;

/**
 * 64-bit keys for the identifiers that link usage to outcomes (session, task, trace, artifact reference). Linking only
 * compares them for equality, so scoring stores and scans eight bytes instead of the raw strings. Each kind of
 * identifier hashes in its own namespace, so session {@code 42} never matches task {@code 42}. Collisions between
 * distinct identifiers are possible in principle (about one in 10^19 per pair) and would link two unrelated items.
 */
public final class LinkKeys {

    private static final char SESSION = 's';
    private static final char TASK = 't';
    private static final char TRACE = 'r';
    private static final char REFERENCE = 'a';

    private LinkKeys() {
    }

    public static Long session(String sessionId) {
        return key(SESSION, sessionId);
    }

    public static Long task(String taskId) {
        return key(TASK, taskId);
    }

    public static Long trace(String traceId) {
        return key(TRACE, traceId);
    }

    /** An artifact's {@code ref} on a usage event and an outcome's {@code ref} share this namespace. */
    public static Long reference(String ref) {
        return key(REFERENCE, ref);
    }

    private static Long key(char namespace, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // FNV-1a over the UTF-16 code units, then a 64-bit finaliser (MurmurHash3's fmix64) to spread the bits.
        long hash = 0xcbf29ce484222325L ^ namespace;
        for (int i = 0; i < value.length(); i++) {
            hash = (hash ^ value.charAt(i)) * 0x100000001b3L;
        }
        hash ^= value.length();
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
