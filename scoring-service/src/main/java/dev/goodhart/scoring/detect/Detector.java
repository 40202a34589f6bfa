package dev.goodhart.scoring.detect;

import java.util.List;

import dev.goodhart.scoring.score.WeekActivity;

/**
 * One kind of tokenmaxxing. A detector judges one settled week at a time and explains every flag with evidence:
 * counts, the time window and the events it covers. docs/detectors.md gives each detector's formula; its thresholds
 * are in configuration ({@code goodhart.scoring.detectors.<name>.*}).
 */
public interface Detector {

    /** The flag's {@code detector} field, e.g. {@code near_duplicate_prompts}. */
    String name();

    List<FlagDraft> detect(WeekActivity week);
}
