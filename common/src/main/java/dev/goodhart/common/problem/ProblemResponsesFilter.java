package dev.goodhart.common.problem;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the answers every secured operation can give (401, 403, 500, 503) so that Swagger UI shows them without
 * each resource repeating the same annotations. Operation-specific statuses stay on the resource methods.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private static final Map<String, String> COMMON = Map.of(
            "401", "No bearer token, or one that is expired or not issued for Goodhart",
            "403", "The token's roles do not allow this operation",
            "500", "Unexpected error; the body carries an incident id",
            "503", "Database unreachable; retry after the Retry-After delay");

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> common : COMMON.entrySet()) {
            if (!responses.hasAPIResponse(common.getKey())) {
                responses.addAPIResponse(common.getKey(), OASFactory.createAPIResponse()
                        .description(common.getValue())
                        .content(problemContent()));
            }
        }
        return operation;
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)));
    }
}
