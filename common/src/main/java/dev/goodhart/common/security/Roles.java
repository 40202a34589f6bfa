package dev.goodhart.common.security;

/**
 * Role names as they appear in OIDC access tokens (Keycloak realm roles). DESIGN.md defines what each may do.
 */
public final class Roles {

    /** Sources that write usage and outcome events. */
    public static final String USAGE_WRITER = "usage-writer";
    /** People: their own usage, scores and flags; approvals made on their behalf. */
    public static final String EMPLOYEE = "employee";
    /** Team and org aggregates over at least k people; never individual rows. */
    public static final String ANALYST = "analyst";
    /** Policies, agents, budgets, suspension and the audit log. */
    public static final String POLICY_ADMIN = "policy-admin";
    /** AI agents asking for decisions about themselves. */
    public static final String AGENT = "agent";
    /** scoring-service reading ingest-service's feed. */
    public static final String FEED_READER = "feed-reader";
    /** policy-service reading agent spend and flags from scoring-service. */
    public static final String SPEND_READER = "spend-reader";

    private Roles() {
    }
}
