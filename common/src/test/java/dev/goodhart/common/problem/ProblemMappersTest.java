package dev.goodhart.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jboss.resteasy.reactive.RestQuery;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    record Case(@NotBlank String expect) {
    }

    record Body(@NotNull String kind, List<@Valid Case> cases, Map<String, @NotBlank String> labels) {
    }

    static class Resource {
        public void list(@QueryParam("max-rows") @Max(10) int limit, @RestQuery @Max(5) int weeks,
                @HeaderParam("X-Tenant") @NotBlank String tenant, @NotNull @Valid Body body) {
        }
    }

    @Test
    void parametersAreNamedAsOnTheWire() throws Exception {
        assertEquals(Set.of("max-rows", "weeks", "X-Tenant", "body"),
                fields(violationsOf(11, 6, " ", null)));
    }

    @Test
    void fieldsInsideTheBodyAreNamedByTheirJsonPath() throws Exception {
        Body body = new Body(null, List.of(new Case("ok"), new Case("")), Map.of("team", ""));
        assertEquals(Set.of("kind", "cases[1].expect", "labels[team]"), fields(violationsOf(1, 1, "acme", body)));
    }

    private static Set<ConstraintViolation<Resource>> violationsOf(int limit, int weeks, String tenant, Body body)
            throws Exception {
        Method list = Resource.class.getMethod("list", int.class, int.class, String.class, Body.class);
        return VALIDATOR.forExecutables().validateParameters(new Resource(), list,
                new Object[] { limit, weeks, tenant, body });
    }

    private static Set<String> fields(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(ProblemMappers::fieldPath).collect(java.util.stream.Collectors.toSet());
    }
}
