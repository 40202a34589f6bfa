package dev.goodhart.scoring.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.WeekActivity;

/**
 * Artifacts about things that never existed, e.g. summaries of meetings that never took place. An artifact whose
 * reference has a configured scheme ({@code meeting:<id>} by default) must be matched by a context event of the
 * configured kind ({@code meeting_held}) naming the same reference within the link window; otherwise it is a phantom.
 * Per person and week, at least {@code min-phantoms} distinct phantom references flag. Artifacts linked to a result
 * are not phantoms, and a scheme whose context kind no source reported around the week is not judged at all (no
 * calendar connected is not evidence of anything).
 */
@Singleton
public class PhantomReferenceDetector extends PersonDetector {

    public static final String NAME = "phantom_references";

    private final ScoringConfig.PhantomReferences settings;
    private final int examples;

    public PhantomReferenceDetector(ScoringConfig config) {
        super(NAME);
        this.settings = config.detectors().phantomReferences();
        this.examples = config.detectors().examples();
    }

    @Override
    protected FlagDraft judge(WeekActivity week, int personId, int[] events) {
        Set<String> phantomReferences = new LinkedHashSet<>();
        List<Integer> phantoms = new ArrayList<>();
        int judged = 0;
        for (int event : events) {
            String kind = contextKind(week.artifactRef(event));
            if (kind == null || !week.reported(kind)) {
                continue;
            }
            judged++;
            if (!week.linked(event) && !week.reported(kind, week.referenceKey(event))) {
                phantoms.add(event);
                phantomReferences.add(week.artifactRef(event));
            }
        }
        if (phantomReferences.size() < settings.minPhantoms()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("phantomReferences", phantomReferences.size());
        evidence.put("artifactsJudged", judged);
        evidence.put("phantomArtifacts", phantoms.size());
        evidence.put("exampleReferences", phantomReferences.stream().limit(examples).toList());
        evidence.put("minPhantoms", settings.minPhantoms());
        return flag(week, personId, indices(phantoms), String.format(
                "%d artifacts about %d subjects no source has heard of (e.g. %s)", phantoms.size(),
                phantomReferences.size(), phantomReferences.iterator().next()), evidence);
    }

    /** The context kind that proves the reference's subject existed, or null when the scheme is not judged. */
    private String contextKind(String reference) {
        if (reference == null) {
            return null;
        }
        int colon = reference.indexOf(':');
        return colon <= 0 ? null : settings.subjects().get(reference.substring(0, colon));
    }
}
