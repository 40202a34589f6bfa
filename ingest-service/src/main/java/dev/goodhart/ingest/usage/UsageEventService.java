package dev.goodhart.ingest.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.directory.PersonResolver;
import dev.goodhart.ingest.directory.PersonResolver.ResolvedPerson;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.EventWriter;
import dev.goodhart.ingest.ingest.ItemChecks;
import dev.goodhart.ingest.ingest.WriteMode;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.privacy.TextFingerprints;

/**
 * Usage events from any source: checks each one, replaces the person by their canonical key (and fills the team from
 * the directory when the event names none), fingerprints text, and stores the batch. The entry point for every source
 * ({@code source} is {@code native} for the JSON API).
 */
@ApplicationScoped
@Transactional
public class UsageEventService {

    private final EventWriter writer;
    private final ItemChecks checks;
    private final PersonResolver people;
    private final TextFingerprints fingerprints;

    public UsageEventService(EventWriter writer, ItemChecks checks, PersonResolver people,
            TextFingerprints fingerprints) {
        this.writer = writer;
        this.checks = checks;
        this.people = people;
        this.fingerprints = fingerprints;
    }

    /**
     * Stores the acceptable events of an API request as {@code mode} says, in no transaction of the caller's: small
     * requests share a group commit. Committed when it returns.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public WriteResult ingestRequest(Batch<UsageEventRequest> batch, String source, WriteMode mode) {
        return writer.writeRequest(batch, UsageTable.INSTANCE, records(batch, source, true), mode);
    }

    /** Stores the acceptable events of the batch as {@code mode} says; committed when the transaction commits. */
    public WriteResult ingest(Batch<UsageEventRequest> batch, String source, WriteMode mode) {
        return write(batch, source, mode, true);
    }

    /**
     * Stores count-only usage samples: activity reports that carry no token counts (Copilot's daily report). Every other
     * check applies; the source marks such samples (README, "One token model").
     */
    public WriteResult ingestCountOnly(Batch<UsageEventRequest> batch, String source, WriteMode mode) {
        return write(batch, source, mode, false);
    }

    private WriteResult write(Batch<UsageEventRequest> batch, String source, WriteMode mode, boolean tokensRequired) {
        return writer.write(batch, UsageTable.INSTANCE, records(batch, source, tokensRequired), mode);
    }

    /** Turns the batch's items into records, with every person of the batch resolved in one query. */
    private BiFunction<UsageEventRequest, List<FieldError>, UsageRecord> records(Batch<UsageEventRequest> batch,
            String source, boolean tokensRequired) {
        Instant now = Instant.now();
        Map<String, ResolvedPerson> persons = people.resolveAll(batch, UsageEventRequest::person);
        return (request, errors) -> toRecord(request, source, now, persons, tokensRequired, errors);
    }

    private UsageRecord toRecord(UsageEventRequest request, String source, Instant now,
            Map<String, ResolvedPerson> persons, boolean tokensRequired, List<FieldError> errors) {
        UsageConstraints.check(request, errors);
        if (tokensRequired && !request.hasTokenCount()) {
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
        ResolvedPerson person = persons.get(request.person());
        return new UsageRecord(request.id(), source, request.occurredAt(), person.personKey(),
                person.team(request.team()), request.agent(), request.provider(), request.model(), request.operation(),
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
