package dev.goodhart.policy.cedar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.Effect;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;

import dev.goodhart.policy.cedar.CompiledPolicies.PolicyInfo;
import dev.goodhart.policy.cedar.PolicyStatements.Statement;

/**
 * Turns Cedar text into a {@link CompiledPolicies}: every statement parsed, every policy named by its {@code @id}
 * (unique, so that answers and the audit log can name it), annotations checked, and the whole set validated against
 * the schema. Every problem is reported with its line and column.
 */
public final class PolicyCompiler {

    private static final Pattern POLICY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final String PROBE_ID = "statement";

    private final PolicySchema schema;
    private final AuthorizationEngine engine;

    public PolicyCompiler(PolicySchema schema, AuthorizationEngine engine) {
        this.schema = schema;
        this.engine = engine;
    }

    /** @throws InvalidPolicySetException with every problem found, by line and column */
    public CompiledPolicies compile(String source) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, PolicyInfo> infos = new LinkedHashMap<>();
        Map<String, Statement> statementsById = new HashMap<>();
        List<Policy> policies = new ArrayList<>();
        for (Statement statement : PolicyStatements.split(source)) {
            Policy parsed = parse(source, statement, problems);
            if (parsed == null) {
                continue;
            }
            int[] start = PolicyStatements.lineAndColumn(source, statement.offset() + PolicyStatements.firstCode(statement.text()));
            Map<String, String> annotations;
            Effect effect;
            try {
                annotations = parsed.getAnnotations();
                effect = parsed.effect();
            } catch (InternalException e) {
                problems.add(new PolicyProblem(start[0], start[1], null, clean(e.getMessage())));
                continue;
            }
            String id = annotations.get(CompiledPolicies.ID);
            if (id == null) {
                problems.add(new PolicyProblem(start[0], start[1], null,
                        "every policy needs a stable id: add @id(\"a-name\") before it"));
                continue;
            }
            if (!POLICY_ID.matcher(id).matches()) {
                problems.add(new PolicyProblem(start[0], start[1], id,
                        "@id must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"));
                continue;
            }
            if (infos.containsKey(id)) {
                problems.add(new PolicyProblem(start[0], start[1], id, "@id(\"" + id + "\") is used by the policy at line "
                        + infos.get(id).line() + " already"));
                continue;
            }
            String approval = annotations.get(CompiledPolicies.APPROVAL);
            if (approval != null && !CompiledPolicies.APPROVAL_REQUIRED.equals(approval)) {
                problems.add(new PolicyProblem(start[0], start[1], id, "@approval takes only \"required\""));
                continue;
            }
            if (approval != null && effect != Effect.PERMIT) {
                problems.add(new PolicyProblem(start[0], start[1], id, "@approval(\"required\") belongs on permit policies"));
                continue;
            }
            String reason = annotations.getOrDefault(CompiledPolicies.REASON,
                    (effect == Effect.PERMIT ? "Permitted" : "Forbidden") + " by policy " + id);
            infos.put(id, new PolicyInfo(id, effect, reason, approval != null, start[0], PolicyScope.of(parsed)));
            statementsById.put(id, statement);
            policies.add(new Policy(statement.text(), id));
        }
        List<PolicyProblem> warnings = new ArrayList<>();
        if (problems.isEmpty()) {
            validate(source, policies, statementsById, problems, warnings);
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicySetException(problems);
        }
        return new CompiledPolicies(source, java.util.Collections.unmodifiableMap(infos), List.copyOf(policies),
                List.copyOf(warnings));
    }

    private Policy parse(String source, Statement statement, List<PolicyProblem> problems) {
        try {
            return Policy.parseStaticPolicy(statement.text());
        } catch (InternalException e) {
            problems.add(locateParseError(source, statement, e));
            return null;
        }
    }

    /** The binding's parser gives no position; validating the statement alone does, so ask that for the location. */
    private PolicyProblem locateParseError(String source, Statement statement, InternalException failure) {
        try {
            ValidationResponse response = engine.validate(new ValidationRequest(schema.cedarSchema(),
                    new PolicySet(new LinkedHashSet<>(List.of(new Policy(statement.text(), PROBE_ID))))));
            if (response.errors.isPresent() && !response.errors.get().isEmpty()) {
                return problem(source, statement, null, response.errors.get().get(0));
            }
        } catch (AuthException e) {
            // fall through to the statement's start
        }
        int[] start = PolicyStatements.lineAndColumn(source, statement.offset() + PolicyStatements.firstCode(statement.text()));
        return new PolicyProblem(start[0], start[1], null, clean(failure.getMessage()));
    }

    private void validate(String source, List<Policy> policies, Map<String, Statement> statements,
            List<PolicyProblem> problems, List<PolicyProblem> warnings) {
        ValidationResponse response;
        try {
            response = engine.validate(new ValidationRequest(schema.cedarSchema(), new PolicySet(new LinkedHashSet<>(policies))));
        } catch (AuthException e) {
            problems.add(new PolicyProblem(1, 1, null, "the policies could not be validated: " + clean(e.getMessage())));
            return;
        }
        if (response.errors.isPresent()) {
            response.errors.get().forEach(error -> problems.add(problem(source, null, null, error)));
            return;
        }
        ValidationResponse.ValidationSuccessResponse success = response.success.orElseThrow();
        success.validationErrors.forEach(error -> problems.add(
                problem(source, statements.get(error.getPolicyId()), error.getPolicyId(), error.getError())));
        success.validationWarnings.forEach(warning -> warnings.add(
                problem(source, statements.get(warning.getPolicyId()), warning.getPolicyId(), warning.getError())));
        problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
    }

    private static PolicyProblem problem(String source, Statement statement, String policyId, DetailedError error) {
        int offset = 0;
        if (statement != null) {
            offset = statement.offset() + (error.sourceLocations.isEmpty()
                    ? PolicyStatements.firstCode(statement.text())
                    : PolicyStatements.charOffset(statement.text(), error.sourceLocations.get(0).start));
        }
        int[] position = PolicyStatements.lineAndColumn(source, offset);
        StringBuilder message = new StringBuilder(clean(error.message));
        error.sourceLocations.stream().findFirst().flatMap(label -> label.label).filter(label -> !label.isBlank())
                .ifPresent(label -> message.append(" (").append(label).append(')'));
        error.help.filter(help -> !help.isBlank()).ifPresent(help -> message.append(" (").append(help).append(')'));
        return new PolicyProblem(position[0], position[1], policyId, message.toString());
    }

    /** The binding prefixes messages with its own plumbing; callers only need Cedar's words. */
    private static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replace("Internal error: ", "").replace("Internal JNI Error: ", "")
                .replaceFirst("failed to parse policy with id `" + PROBE_ID + "` from string: ", "")
                .replaceFirst("for policy `[^`]*`, ", "")
                .trim();
    }
}
