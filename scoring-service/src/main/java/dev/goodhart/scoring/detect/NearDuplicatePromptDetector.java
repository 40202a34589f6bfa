package dev.goodhart.scoring.detect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.WeekActivity;

/**
 * The same prompt, barely changed, over and over: per person and UTC day, human-triggered prompts whose 64-bit SimHash
 * fingerprints lie within {@code max-hamming-distance} bits of each other form clusters (single linkage); a cluster of
 * at least {@code min-cluster-size} prompts of which at most {@code max-linked-share} (by tokens) links to a result is
 * padding. Scheduled and agent-triggered calls repeat their prompt by design and are left to the automation detectors.
 *
 * <p>Candidate pairs come from banding: with d allowed differing bits, split the 64 bits into d+1 bands; two
 * fingerprints within distance d agree on at least one whole band, so only prompts sharing a band are compared.
 */
@Singleton
public class NearDuplicatePromptDetector extends PersonDetector {

    public static final String NAME = "near_duplicate_prompts";
    private static final long DAY_MILLIS = 86_400_000L;
    /** A person-day has far fewer than 2^24 prompts. */
    private static final int NODE_BITS = 24;
    private static final long NODE_MASK = (1L << NODE_BITS) - 1;

    private final ScoringConfig.NearDuplicatePrompts settings;

    public NearDuplicatePromptDetector(ScoringConfig config) {
        super(NAME);
        this.settings = config.detectors().nearDuplicatePrompts();
    }

    @Override
    protected FlagDraft judge(WeekActivity week, int personId, int[] events) {
        List<Integer> covered = new ArrayList<>();
        List<Map<String, Object>> days = new ArrayList<>();
        int largest = 0;
        for (int start = 0, end; start < events.length; start = end) {
            long day = Math.floorDiv(week.time(events[start]), DAY_MILLIS);
            end = start;
            while (end < events.length && Math.floorDiv(week.time(events[end]), DAY_MILLIS) == day) {
                end++;
            }
            for (int[] cluster : clusters(week, events, start, end)) {
                if (cluster.length >= settings.minClusterSize()
                        && Activity.linkedShare(week, cluster) <= settings.maxLinkedShare()) {
                    for (int event : cluster) {
                        covered.add(event);
                    }
                    largest = Math.max(largest, cluster.length);
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("day", LocalDate.ofEpochDay(day).toString());
                    detail.put("prompts", cluster.length);
                    detail.put("linkedShare", Activity.round(Activity.linkedShare(week, cluster), 3));
                    days.add(detail);
                }
            }
        }
        if (covered.isEmpty()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("nearDuplicatePrompts", covered.size());
        evidence.put("largestCluster", largest);
        evidence.put("maxHammingDistance", settings.maxHammingDistance());
        evidence.put("minClusterSize", settings.minClusterSize());
        evidence.put("clusters", days);
        return flag(week, personId, indices(covered), String.format("%d near-identical prompts (SimHash within %d bits),"
                + " up to %d of them in one day, with almost no result", covered.size(), settings.maxHammingDistance(),
                largest), evidence);
    }

    /** Clusters of one person-day's human-triggered prompts, as arrays of event indices. */
    private List<int[]> clusters(WeekActivity week, int[] events, int start, int end) {
        int count = 0;
        long[] fingerprints = new long[end - start];
        int[] candidates = new int[end - start];
        for (int i = start; i < end; i++) {
            if (!week.automated(events[i]) && week.hasFingerprint(events[i])) {
                fingerprints[count] = week.fingerprint(events[i]);
                candidates[count++] = events[i];
            }
        }
        if (count < settings.minClusterSize()) {
            return List.of();
        }
        // Identical fingerprints are one node; near-identical nodes are joined below.
        long[] distinct = Arrays.copyOf(fingerprints, count);
        Arrays.sort(distinct);
        int nodes = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0 || distinct[i] != distinct[i - 1]) {
                distinct[nodes++] = distinct[i];
            }
        }
        int[] parent = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            parent[i] = i;
        }
        int distance = settings.maxHammingDistance();
        if (distance > 0) {
            joinNearDuplicates(distinct, nodes, distance, parent);
        }
        int[] size = new int[nodes];
        int[] nodeOf = new int[count];
        for (int i = 0; i < count; i++) {
            nodeOf[i] = find(parent, Arrays.binarySearch(distinct, 0, nodes, fingerprints[i]));
            size[nodeOf[i]]++;
        }
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (size[nodeOf[i]] >= settings.minClusterSize()) {
                members.computeIfAbsent(nodeOf[i], root -> new ArrayList<>()).add(candidates[i]);
            }
        }
        return members.values().stream().map(list -> list.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /**
     * Joins fingerprints within {@code distance} bits. Split into distance+1 bands, two such fingerprints agree on a
     * whole band, so only fingerprints sharing a band value are compared: sorting (band value, node) pairs puts them
     * next to each other.
     */
    private static void joinNearDuplicates(long[] fingerprints, int nodes, int distance, int[] parent) {
        int bands = distance + 1;
        int width = 64 / bands;
        long[] keyed = new long[nodes];
        for (int band = 0; band < bands; band++) {
            int shift = band * width;
            int bits = band == bands - 1 ? 64 - shift : width;
            long mask = (1L << bits) - 1;
            for (int node = 0; node < nodes; node++) {
                // bits is at most 32 here (two bands or more), so value and node index share one long.
                keyed[node] = ((fingerprints[node] >>> shift) & mask) << NODE_BITS | node;
            }
            Arrays.sort(keyed, 0, nodes);
            for (int first = 0, last; first < nodes; first = last) {
                last = first + 1;
                while (last < nodes && keyed[last] >>> NODE_BITS == keyed[first] >>> NODE_BITS) {
                    last++;
                }
                for (int a = first; a < last; a++) {
                    for (int b = a + 1; b < last; b++) {
                        int x = (int) (keyed[a] & NODE_MASK);
                        int y = (int) (keyed[b] & NODE_MASK);
                        if (Long.bitCount(fingerprints[x] ^ fingerprints[y]) <= distance) {
                            parent[find(parent, x)] = find(parent, y);
                        }
                    }
                }
            }
        }
    }

    private static int find(int[] parent, int node) {
        int root = node;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[node] != root) {
            int next = parent[node];
            parent[node] = root;
            node = next;
        }
        return root;
    }
}
