package dev.goodhart.policy.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

import dev.goodhart.policy.audit.ChainVerification.BrokenRecord;

/** Reading the audit log: filtered pages, and verification of the whole hash chain. */
@ApplicationScoped
@Transactional
public class AuditService {

    private static final int VERIFY_PAGE = 2_000;

    public record Filter(String agent, String person, String action, String decision, Instant from, Instant to) {
    }

    public AuditPage find(Filter filter, Long before, int limit) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        add(clauses, parameters, "agent", filter.agent());
        add(clauses, parameters, "onBehalfOf", filter.person());
        add(clauses, parameters, "action", filter.action());
        add(clauses, parameters, "decision", filter.decision());
        if (filter.from() != null) {
            clauses.add("recordedAt >= :from");
            parameters.put("from", filter.from());
        }
        if (filter.to() != null) {
            clauses.add("recordedAt < :to");
            parameters.put("to", filter.to());
        }
        if (before != null) {
            clauses.add("seq < :before");
            parameters.put("before", before);
        }
        String query = clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
        List<AuditRecord> records = AuditRecord.<AuditRecord> find(query, Sort.descending("seq"), parameters)
                .page(Page.ofSize(limit + 1)).list();
        Long next = null;
        if (records.size() > limit) {
            records = records.subList(0, limit);
            next = records.get(limit - 1).seq;
        }
        return new AuditPage(records.stream().map(AuditRecordView::of).toList(), next);
    }

    private static void add(List<String> clauses, Map<String, Object> parameters, String field, String value) {
        if (value != null && !value.isBlank()) {
            clauses.add(field + " = :" + field);
            parameters.put(field, value);
        }
    }

    /** Recomputes every hash from the stored fields and checks each link; names the first record that fails. */
    public ChainVerification verify() {
        long expectedSeq = 1;
        String previous = ChainedRecord.GENESIS;
        long checked = 0;
        while (true) {
            List<AuditRecord> page = AuditRecord.<AuditRecord> find("seq >= ?1", Sort.ascending("seq"), expectedSeq)
                    .page(Page.ofSize(VERIFY_PAGE)).list();
            if (page.isEmpty()) {
                return new ChainVerification(true, checked, checked == 0 ? null : previous, null);
            }
            for (AuditRecord record : page) {
                String problem = null;
                if (record.seq != expectedSeq) {
                    problem = "records " + expectedSeq + " to " + (record.seq - 1) + " are missing before this one";
                } else if (!record.prevHash.equals(previous)) {
                    problem = "its previous hash does not match the hash of record " + (record.seq - 1);
                } else if (!record.chained().hash().equals(record.hash)) {
                    problem = "the record's contents do not match its hash (altered after it was written)";
                }
                if (problem != null) {
                    return new ChainVerification(false, checked, previous, new BrokenRecord(record.seq, record.decisionId, problem));
                }
                checked++;
                expectedSeq++;
                previous = record.hash;
            }
            AuditRecord.getEntityManager().clear();
        }
    }
}
