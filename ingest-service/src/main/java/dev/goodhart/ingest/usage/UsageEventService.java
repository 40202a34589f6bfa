package dev.goodhart.ingest.usage;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.EventWriter;
import dev.goodhart.ingest.ingest.ItemChecks;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.privacy.Pseudonymiser;
import dev.goodhart.ingest.privacy.TextFingerprints;

/**
 * Usage events from any source: checks each one, pseudonymises the person, fingerprints text, and stores the batch.
 * The entry point for every source ({@code source} is {@code native} for the JSON API).
 */
@ApplicationScoped
@Transactional
public class UsageEventService {

    private final EventWriter writer;
    private final ItemChecks checks;
    private final Pseudonymiser pseudonymiser;
    private final TextFingerprints fingerprints;

    public UsageEventService(EventWriter writer, ItemChecks checks, Pseudonymiser pseudonymiser,
            TextFingerprints fingerprints) {
        this.writer = writer;
        this.checks = checks;
        this.pseudonymiser = pseudonymiser;
        this.fingerprints = fingerprints;
    }

    /** Stores the acceptable events of the batch (all or none when {@code atomic}); committed when it returns. */
    public WriteResult ingest(Batch<UsageEventRequest> batch, String source, boolean atomic) {
        Instant now = Instant.now();
        UnaryOperator<String> personKeys = pseudonymiser.forBatch();
        return writer.write(batch, UsageTable.INSTANCE,
                (request, errors) -> toRecord(request, source, now, personKeys, errors), atomic);
    }

    private UsageRecord toRecord(UsageEventRequest request, String source, Instant now, UnaryOperator<String> personKeys,
            List<FieldError> errors) {
        checks.constraints(request, errors);
        if (!request.hasTokenCount()) {
            errors.add(new FieldError("inputTokens", "at least one of inputTokens, cacheReadTokens, cacheWriteTokens, "
                    + "outputTokens, reasoningTokens is required"));
        }
        checks.occurredAt(request.occurredAt(), now, errors);
        checks.attributes(request.attributes(), errors);
        String promptFingerprint = fingerprints.fingerprint("prompt", request.prompt(), request.promptFingerprint(), errors);
        String outputFingerprint = fingerprints.fingerprint("output", request.output(), request.outputFingerprint(), errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new UsageRecord(request.id(), source, request.occurredAt(), personKeys.apply(request.person()),
                request.team(), request.agent(), request.provider(), request.model(), request.operation(),
                zeroIfAbsent(request.inputTokens()), zeroIfAbsent(request.cacheReadTokens()),
                zeroIfAbsent(request.cacheWriteTokens()), zeroIfAbsent(request.outputTokens()),
                zeroIfAbsent(request.reasoningTokens()), request.costUsd(), request.sessionId(), request.taskId(),
                request.traceId(), request.trigger(), request.artifact(), promptFingerprint, outputFingerprint,
                request.attributes() == null ? java.util.Map.of() : request.attributes());
    }

    private static long zeroIfAbsent(Long count) {
        return count == null ? 0L : count;
    }
}
