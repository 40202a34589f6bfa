package dev.goodhart.ingest.outcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.EventWriter;
import dev.goodhart.ingest.ingest.ItemChecks;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.privacy.Pseudonymiser;

/** Outcomes from any source (the JSON API, GitHub webhooks…): checked, pseudonymised and stored like usage events. */
@ApplicationScoped
@Transactional
public class OutcomeService {

    static final String MEETING_REF_PREFIX = "meeting:";

    private final EventWriter writer;
    private final ItemChecks checks;
    private final Pseudonymiser pseudonymiser;

    public OutcomeService(EventWriter writer, ItemChecks checks, Pseudonymiser pseudonymiser) {
        this.writer = writer;
        this.checks = checks;
        this.pseudonymiser = pseudonymiser;
    }

    /** Stores the acceptable outcomes of the batch (all or none when {@code atomic}); committed when it returns. */
    public WriteResult ingest(Batch<OutcomeRequest> batch, String source, boolean atomic) {
        Instant now = Instant.now();
        UnaryOperator<String> personKeys = pseudonymiser.forBatch();
        return writer.write(batch, OutcomeTable.INSTANCE,
                (request, errors) -> toRecord(request, source, now, personKeys, errors), atomic);
    }

    private OutcomeRecord toRecord(OutcomeRequest request, String source, Instant now, UnaryOperator<String> personKeys,
            List<FieldError> errors) {
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
        return new OutcomeRecord(request.id(), source, request.occurredAt(),
                hasPerson ? personKeys.apply(request.person()) : null, request.team(), request.kind(),
                request.ref(), request.sessionId(), request.taskId(), request.traceId(),
                request.attributes() == null ? Map.of() : request.attributes());
    }
}
