package dev.goodhart.scoring.feed;

import java.util.Set;

/** What each outcome kind counts as (docs/contracts.md, "Outcome kinds"). Unknown kinds are context only. */
public final class OutcomeKinds {

    public static final String PR_MERGED = "pr_merged";
    public static final String TICKET_RESOLVED = "ticket_resolved";
    public static final String DOC_PUBLISHED = "doc_published";
    public static final String OUTPUT_ACCEPTED = "output_accepted";
    public static final String OUTPUT_REJECTED = "output_rejected";
    public static final String PR_APPROVED = "pr_approved";
    public static final String MEETING_HELD = "meeting_held";

    /** Counted as outcomes in scorecards. */
    public static final Set<String> COUNTED = Set.of(PR_MERGED, TICKET_RESOLVED, DOC_PUBLISHED, OUTPUT_ACCEPTED);

    /** Link usage to a valued result: the counted outcomes, plus an approved pull request (the merge is counted). */
    public static final Set<String> VALUED = Set.of(PR_MERGED, TICKET_RESOLVED, DOC_PUBLISHED, OUTPUT_ACCEPTED, PR_APPROVED);

    private OutcomeKinds() {
    }

    public static boolean valued(String kind) {
        return VALUED.contains(kind);
    }

    /** A person looked at the output: it was valued or explicitly rejected. */
    public static boolean reviewed(String kind) {
        return VALUED.contains(kind) || OUTPUT_REJECTED.equals(kind);
    }
}
