package dev.goodhart.ingest.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.EventWriter;
import dev.goodhart.ingest.ingest.Incoming;
import dev.goodhart.ingest.ingest.ItemChecks;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.privacy.Pseudonymiser;

/**
 * Bulk upsert of the directory. Identifiers are hashed here and never stored in clear. An HR or identity sync is the
 * authority: an identifier (GitHub login, employee id, other e-mail) listed for a person is taken from whoever had it
 * before, and a person's identifiers are replaced by the ones of their latest entry.
 */
@ApplicationScoped
@Transactional
public class DirectoryService {

    static final String EMAIL = "email";
    static final String GITHUB_LOGIN = "github_login";
    static final String EMPLOYEE_ID = "employee_id";

    private final ItemChecks checks;
    private final Pseudonymiser pseudonymiser;
    private final PersonResolver resolver;

    public DirectoryService(ItemChecks checks, Pseudonymiser pseudonymiser, PersonResolver resolver) {
        this.checks = checks;
        this.pseudonymiser = pseudonymiser;
        this.resolver = resolver;
    }

    /** A checked entry: the person's key, their aliases' keys by kind, and the entry as sent. */
    private record Upsert(int index, String personKey, Map<String, String> aliases, List<String> teams,
            String primaryTeam, PersonEntry entry) {
    }

    public DirectoryResult upsert(Batch<PersonEntry> batch, boolean atomic) {
        List<WriteResult.RejectedItem> rejected = new ArrayList<>();
        List<Upsert> accepted = new ArrayList<>();
        Map<String, Integer> claimedBy = new HashMap<>();
        int rejectedItems = 0;
        for (Incoming<PersonEntry> item : batch.items()) {
            List<FieldError> errors = new ArrayList<>(item.errors());
            Upsert upsert = errors.isEmpty() ? check(item.index(), item.request(), claimedBy, errors) : null;
            if (errors.isEmpty()) {
                accepted.add(upsert);
            } else {
                rejectedItems++;
                errors.forEach(error -> rejected.add(
                        new WriteResult.RejectedItem(item.index(), error.field(), error.detail(), item.line())));
            }
        }
        if (!rejected.isEmpty() && (atomic || accepted.isEmpty())) {
            throw EventWriter.refusal(batch, rejected, rejectedItems, atomic);
        }
        // A manager may be named by an identifier that this very request introduces.
        Map<String, String> requestAliases = new HashMap<>();
        accepted.forEach(upsert -> upsert.aliases().keySet().forEach(key -> requestAliases.put(key, upsert.personKey())));
        int upserted = 0;
        for (Upsert upsert : accepted) {
            String manager = upsert.entry().manager();
            if (apply(upsert, manager == null ? null : managerKey(manager, requestAliases))) {
                upserted++;
            }
        }
        if (upserted > 0) {
            resolver.forget();
        }
        return new DirectoryResult(upserted, accepted.size() - upserted, rejected);
    }

    private Upsert check(int index, PersonEntry entry, Map<String, Integer> claimedBy, List<FieldError> errors) {
        checks.constraints(entry, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        String personKey = pseudonymiser.personKey(entry.email());
        claim(personKey, "email", index, claimedBy, errors);
        Map<String, String> aliases = new LinkedHashMap<>();
        alias(entry.githubLogin(), GITHUB_LOGIN, "githubLogin", personKey, index, claimedBy, aliases, errors);
        alias(entry.employeeId(), EMPLOYEE_ID, "employeeId", personKey, index, claimedBy, aliases, errors);
        List<String> otherEmails = entry.otherEmails() == null ? List.of() : entry.otherEmails();
        for (int i = 0; i < otherEmails.size(); i++) {
            alias(otherEmails.get(i), EMAIL, "otherEmails[" + i + "]", personKey, index, claimedBy, aliases, errors);
        }
        List<String> teams = new ArrayList<>(new LinkedHashSet<>(entry.teams() == null ? List.of() : entry.teams()));
        String primaryTeam = entry.primaryTeam();
        if (primaryTeam == null && teams.size() > 1) {
            errors.add(new FieldError("primaryTeam", "is required when a person belongs to several teams: events "
                    + "without a team of their own are charged to it"));
        } else if (primaryTeam == null && teams.size() == 1) {
            primaryTeam = teams.get(0);
        } else if (primaryTeam != null && teams.isEmpty()) {
            teams.add(primaryTeam);
        } else if (primaryTeam != null && !teams.contains(primaryTeam)) {
            errors.add(new FieldError("primaryTeam", "must be one of teams"));
        }
        return new Upsert(index, personKey, aliases, teams, primaryTeam, entry);
    }

    private void alias(String identifier, String kind, String field, String personKey, int index,
            Map<String, Integer> claimedBy, Map<String, String> aliases, List<FieldError> errors) {
        if (identifier == null) {
            return;
        }
        String key = pseudonymiser.personKey(identifier);
        if (key.equals(personKey)) {
            return;
        }
        DirectoryPerson owner = DirectoryPerson.findById(key);
        if (owner != null) {
            errors.add(new FieldError(field, "is the primary e-mail of another person in the directory"));
            return;
        }
        if (claim(key, field, index, claimedBy, errors)) {
            aliases.put(key, kind);
        }
    }

    /** One identifier belongs to one entry of a request; a second entry naming it is refused. */
    private static boolean claim(String key, String field, int index, Map<String, Integer> claimedBy,
            List<FieldError> errors) {
        Integer first = claimedBy.putIfAbsent(key, index);
        if (first != null && first != index) {
            errors.add(new FieldError(field, "also appears in entry " + first + " of this request"));
            return false;
        }
        return true;
    }

    /** Writes one entry; answers whether anything changed. */
    private boolean apply(Upsert upsert, String managerKey) {
        PersonEntry entry = upsert.entry();
        boolean active = entry.active() == null || entry.active();
        String[] teams = upsert.teams().toArray(String[]::new);
        DirectoryPerson person = DirectoryPerson.findById(upsert.personKey());
        boolean changed = false;
        if (person == null) {
            person = new DirectoryPerson();
            person.personKey = upsert.personKey();
            person.teams = teams;
            person.primaryTeam = upsert.primaryTeam();
            person.active = active;
            person.managerKey = managerKey;
            person.persist();
            // A primary e-mail outranks the same address listed as another person's alias.
            DirectoryIdentifier.deleteById(upsert.personKey());
            changed = true;
        } else if (!Arrays.equals(person.teams, teams) || !Objects.equals(person.primaryTeam, upsert.primaryTeam())
                || person.active != active || !Objects.equals(person.managerKey, managerKey)) {
            person.teams = teams;
            person.primaryTeam = upsert.primaryTeam();
            person.active = active;
            person.managerKey = managerKey;
            changed = true;
        }
        return replaceIdentifiers(upsert) || changed;
    }

    private static boolean replaceIdentifiers(Upsert upsert) {
        boolean changed = false;
        Set<String> wanted = upsert.aliases().keySet();
        for (DirectoryIdentifier held : DirectoryIdentifier.ofPerson(upsert.personKey())) {
            if (!wanted.contains(held.identifierKey)) {
                held.delete();
                changed = true;
            }
        }
        for (Map.Entry<String, String> alias : upsert.aliases().entrySet()) {
            DirectoryIdentifier identifier = DirectoryIdentifier.findById(alias.getKey());
            if (identifier == null) {
                identifier = new DirectoryIdentifier();
                identifier.identifierKey = alias.getKey();
                identifier.personKey = upsert.personKey();
                identifier.kind = alias.getValue();
                identifier.persist();
                changed = true;
            } else if (!identifier.personKey.equals(upsert.personKey()) || !identifier.kind.equals(alias.getValue())) {
                identifier.personKey = upsert.personKey();
                identifier.kind = alias.getValue();
                changed = true;
            }
        }
        return changed;
    }

    private String managerKey(String manager, Map<String, String> requestAliases) {
        String key = pseudonymiser.personKey(manager);
        if (requestAliases.containsKey(key)) {
            return requestAliases.get(key);
        }
        DirectoryIdentifier alias = DirectoryIdentifier.findById(key);
        return alias == null ? key : alias.personKey;
    }
}
