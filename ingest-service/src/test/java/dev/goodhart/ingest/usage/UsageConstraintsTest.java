package dev.goodhart.ingest.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.ProblemMappers;

/** The hand-written checks answer exactly what Hibernate Validator answers for the annotations on the records. */
class UsageConstraintsTest {

    private static final Validator ANNOTATIONS = Validation.buildDefaultValidatorFactory().getValidator();

    private static final UsageEventRequest VALID = new UsageEventRequest("evt-1", Instant.parse("2026-11-23T10:00:00Z"),
            "alice@example.com", "payments", "triage-bot", "anthropic", "claude-sonnet-4", "chat", 400L, 800L, 0L, 180L,
            0L, new BigDecimal("0.0123"), "s-91", "PAY-12", "5b8efff798038103d269b633813fc60c", Trigger.HUMAN,
            new Artifact("meeting_summary", "meeting:2026-11-20-standup"), "a3f09c1e77d2b410", "0c1d9e02f0a4b7c3",
            null, null, Map.of());

    @Test
    void everyViolationIsNamedAndWordedAsTheAnnotationsSay() {
        String longText = "x".repeat(1001);
        List<UnaryOperator<UsageEventRequest>> changes = List.of(
                r -> r,
                r -> with(r, 0, null), r -> with(r, 0, " \t"), r -> with(r, 0, "\u0001"), r -> with(r, 0, "\u2003"),
                r -> with(r, 0, longText), r -> with(r, 0, " ".repeat(201)),
                r -> with(r, 1, null),
                r -> with(r, 2, ""), r -> with(r, 2, longText),
                r -> with(r, 3, longText), r -> with(r, 4, longText), r -> with(r, 5, longText), r -> with(r, 6, longText),
                r -> with(r, 7, longText), r -> with(r, 3, "x".repeat(100)), r -> with(r, 3, "x".repeat(101)),
                r -> with(r, 8, -1L), r -> with(r, 9, UsageEventRequest.MAX_TOKENS + 1), r -> with(r, 10, Long.MIN_VALUE),
                r -> with(r, 11, UsageEventRequest.MAX_TOKENS), r -> with(r, 12, Long.MAX_VALUE), r -> with(r, 8, null),
                r -> with(r, 13, new BigDecimal("-0.00000001")), r -> with(r, 13, new BigDecimal("10000")),
                r -> with(r, 13, new BigDecimal("10000.00000001")), r -> with(r, 13, null),
                r -> with(r, 14, longText), r -> with(r, 15, longText),
                r -> with(r, 16, "5B8EFFF798038103D269B633813FC60C"), r -> with(r, 16, "5b8e"),
                r -> with(r, 18, new Artifact(null, " ")), r -> with(r, 18, new Artifact(longText, longText + "x")),
                r -> with(r, 18, null),
                r -> with(r, 19, "a3f09c1e77d2b41"), r -> with(r, 20, "zzzzzzzzzzzzzzzz"),
                r -> with(with(with(r, 0, null), 8, -5L), 16, "nope"));
        for (UnaryOperator<UsageEventRequest> change : changes) {
            UsageEventRequest request = change.apply(VALID);
            Set<String> expected = ANNOTATIONS.validate(request).stream()
                    .map(violation -> ProblemMappers.fieldPath(violation) + ": " + violation.getMessage())
                    .collect(Collectors.toSet());
            List<FieldError> errors = new ArrayList<>();
            UsageConstraints.check(request, errors);
            Set<String> actual = errors.stream().map(error -> error.field() + ": " + error.detail())
                    .collect(Collectors.toSet());
            assertEquals(expected, actual, request.toString());
            assertEquals(errors.size(), actual.size(), "each violation once: " + errors);
        }
        assertFalse(ANNOTATIONS.validate(with(VALID, 0, null)).isEmpty(), "the reference does check");
    }

    /** The request with its {@code index}-th component replaced. */
    private static UsageEventRequest with(UsageEventRequest r, int index, Object value) {
        Object[] c = { r.id(), r.occurredAt(), r.person(), r.team(), r.agent(), r.provider(), r.model(), r.operation(),
                r.inputTokens(), r.cacheReadTokens(), r.cacheWriteTokens(), r.outputTokens(), r.reasoningTokens(),
                r.costUsd(), r.sessionId(), r.taskId(), r.traceId(), r.trigger(), r.artifact(), r.promptFingerprint(),
                r.outputFingerprint(), r.prompt(), r.output(), r.attributes() };
        c[index] = value;
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) c[23];
        return new UsageEventRequest((String) c[0], (Instant) c[1], (String) c[2], (String) c[3], (String) c[4],
                (String) c[5], (String) c[6], (String) c[7], (Long) c[8], (Long) c[9], (Long) c[10], (Long) c[11],
                (Long) c[12], (BigDecimal) c[13], (String) c[14], (String) c[15], (String) c[16], (Trigger) c[17],
                (Artifact) c[18], (String) c[19], (String) c[20], (String) c[21], (String) c[22], attributes);
    }
}
