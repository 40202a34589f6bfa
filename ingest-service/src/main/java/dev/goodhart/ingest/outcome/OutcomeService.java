package dev.goodhart.ingest.outcome;

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

/**
 * Outcomes from any source (the JSON API, GitHub webhooks, OTLP…): checked, keyed by the person's canonical key, given
 * the person's primary team when they name none, and stored like usage events.
 */
@ApplicationScoped
@Transactional
public class OutcomeService {

    static final String MEETING_REF_PREFIX = "meeting:";

    private final EventWriter writer;
    private final ItemChecks checks;
    private final PersonResolver people;

    public OutcomeService(EventWriter writer, ItemChecks checks, PersonResolver people) {
        this.writer = writer;
        this.checks = checks;
        this.people = people;
    }

    /**
     * Stores the acceptable outcomes of an API request as {@code mode} says, in no transaction of the caller's: small
     * requests share a group commit. Committed when it returns.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public WriteResult ingestRequest(Batch<OutcomeRequest> batch, String source, WriteMode mode) {
        return writer.writeRequest(batch, OutcomeTable.INSTANCE, records(batch, source), mode);
    }

    /** Stores the acceptable outcomes of the batch as {@code mode} says; committed when the transaction commits. */
    public WriteResult ingest(Batch<OutcomeRequest> batch, String source, WriteMode mode) {
        return writer.write(batch, OutcomeTable.INSTANCE, records(batch, source), mode);
    }

    /** Turns the batch's items into records, with every person of the batch resolved in one query. */
    private BiFunction<OutcomeRequest, List<FieldError>, OutcomeRecord> records(Batch<OutcomeRequest> batch,
            String source) {
        Instant now = Instant.now();
        Map<String, ResolvedPerson> persons = people.resolveAll(batch, OutcomeRequest::person);
        return (request, errors) -> toRecord(request, source, now, persons, errors);
    }

    private OutcomeRecord toRecord(OutcomeRequest request, String source, Instant now,
            Map<String, ResolvedPerson> persons, List<FieldError> errors) {
        checks.constraints(request, errors);
        checks.occurredAt(request.occurredAt(), now, errors);
        checks.attributes(request.attributes(), errors);
        boolean hasPerson = request.person() != null && !request.person().isBlank();
        if (request.kind() != null && request.kind().requiresPerson() && !hasPerson) {
            errors.add(new FieldError("person", "is required for " + request.kind().wireName()));
        }
        if (request.kind() == OutcomeKind.MEETING_HELD
                && (request.ref() == null || !request.ref().startsWith(MEETING_REF_PREFIX)
                        || request.ref().length() == MEETING_REF_PREFIX.length())) {
            errors.add(new FieldError("ref", "must be meeting:<id> for meeting_held"));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        ResolvedPerson person = hasPerson ? persons.get(request.person()) : null;
        return new OutcomeRecord(request.id(), source, request.occurredAt(),
                person == null ? null : person.personKey(), person == null ? request.team() : person.team(request.team()),
                request.kind(),
                request.ref(), request.sessionId(), request.taskId(), request.traceId(),
                request.attributes() == null ? Map.of() : request.attributes());
    }
}
