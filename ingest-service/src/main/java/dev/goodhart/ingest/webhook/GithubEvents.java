package dev.goodhart.ingest.webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.ingest.outcome.OutcomeKind;
import dev.goodhart.ingest.outcome.OutcomeRequest;

/**
 * Maps GitHub webhook deliveries to outcomes, linked by the pull request's or issue's html_url and keyed by the GitHub
 * login of the person whose outcome it is (resolved through the directory). Ids come from GitHub's own object ids, so
 * a redelivery, or the same event delivered by a repository and an organisation webhook, counts once:
 * <ul>
 * <li>{@code pull_request} closed with merged = true: {@code pr_merged} for the author, id from the pull request (a
 * pull request merges once);</li>
 * <li>{@code pull_request_review} submitted with state approved: {@code pr_approved} for the pull request's author,
 * id from the review;</li>
 * <li>{@code issues} closed as completed (state_reason completed, or absent in older payloads):
 * {@code ticket_resolved} for the assignee (else whoever closed it), id from the issue and its closing time (an issue
 * can be reopened and closed again).</li>
 * </ul>
 */
final class GithubEvents {

    private GithubEvents() {
    }

    /** The outcome a delivery stands for, or null when it stands for none (then {@link #ignoredBecause} says why). */
    static OutcomeRequest outcome(String event, JsonNode payload, String delivery) {
        String action = payload.path("action").asText("");
        return switch (event) {
            case "pull_request" -> action.equals("closed") && payload.path("pull_request").path("merged").asBoolean()
                    ? pullRequestMerged(payload, delivery) : null;
            case "pull_request_review" -> action.equals("submitted")
                    && payload.path("review").path("state").asText("").equalsIgnoreCase("approved")
                    ? reviewApproved(payload, delivery) : null;
            case "issues" -> action.equals("closed") && completed(payload.path("issue"))
                    ? issueResolved(payload, delivery) : null;
            default -> null;
        };
    }

    static String ignoredBecause(String event, JsonNode payload) {
        String action = payload.path("action").asText("");
        return switch (event) {
            case "pull_request" -> "pull_request " + action + " is not a merge";
            case "pull_request_review" -> "a review that is not a submitted approval";
            case "issues" -> "issues " + action + " is not an issue closed as completed";
            default -> "GitHub event " + event + " carries no outcome";
        };
    }

    private static boolean completed(JsonNode issue) {
        JsonNode reason = issue.path("state_reason");
        return reason.isMissingNode() || reason.isNull() || reason.asText().equals("completed");
    }

    private static OutcomeRequest pullRequestMerged(JsonNode payload, String delivery) {
        JsonNode pullRequest = payload.path("pull_request");
        return new OutcomeRequest("github-pr-merged-" + required(pullRequest, "id", "pull_request.id"),
                time(pullRequest, "merged_at", "pull_request.merged_at"),
                required(pullRequest.path("user"), "login", "pull_request.user.login"), null, OutcomeKind.PR_MERGED,
                required(pullRequest, "html_url", "pull_request.html_url"), null, null, null,
                attributes(payload, delivery));
    }

    private static OutcomeRequest reviewApproved(JsonNode payload, String delivery) {
        JsonNode review = payload.path("review");
        JsonNode pullRequest = payload.path("pull_request");
        return new OutcomeRequest("github-review-approved-" + required(review, "id", "review.id"),
                time(review, "submitted_at", "review.submitted_at"),
                required(pullRequest.path("user"), "login", "pull_request.user.login"), null, OutcomeKind.PR_APPROVED,
                required(pullRequest, "html_url", "pull_request.html_url"), null, null, null,
                attributes(payload, delivery));
    }

    private static OutcomeRequest issueResolved(JsonNode payload, String delivery) {
        JsonNode issue = payload.path("issue");
        String closedAt = required(issue, "closed_at", "issue.closed_at");
        JsonNode assignee = issue.path("assignee");
        String person = assignee.hasNonNull("login") ? assignee.get("login").asText()
                : required(payload.path("sender"), "login", "sender.login");
        return new OutcomeRequest("github-issue-closed-" + required(issue, "id", "issue.id") + "-" + closedAt,
                time(issue, "closed_at", "issue.closed_at"), person, null, OutcomeKind.TICKET_RESOLVED,
                required(issue, "html_url", "issue.html_url"), null, null, null, attributes(payload, delivery));
    }

    private static Map<String, Object> attributes(JsonNode payload, String delivery) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        String repository = payload.path("repository").path("full_name").asText(null);
        if (repository != null) {
            attributes.put("github.repository", repository);
        }
        if (delivery != null) {
            attributes.put("github.delivery", delivery);
        }
        return attributes;
    }

    private static String required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw ProblemException.invalidField(path, "is missing from the GitHub payload");
        }
        return value.asText();
    }

    private static Instant time(JsonNode node, String field, String path) {
        try {
            return Instant.parse(required(node, field, path));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(path, "must be an ISO-8601 timestamp");
        }
    }
}
