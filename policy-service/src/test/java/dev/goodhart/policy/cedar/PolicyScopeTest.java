package dev.goodhart.policy.cedar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.cedarpolicy.model.policy.Policy;

import dev.goodhart.policy.cedar.PolicySchema.ActionInfo;

class PolicyScopeTest {

    private static PolicySchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = PolicySchema.parse(Files.readString(Path.of("src/main/resources/cedar/goodhart.cedarschema")));
    }

    private static PolicyScope scope(String policy) throws Exception {
        return PolicyScope.of(Policy.parseStaticPolicy(policy));
    }

    private static ActionInfo action(String name) {
        return schema.action(name).orElseThrow();
    }

    @Test
    void theSchemaGivesEachActionItsGroups() {
        assertEquals(Set.of("read"), action("read_email").groups());
        assertEquals(Set.of(), action("deploy").groups());
    }

    @Test
    void typesAndActionsNamedInTheScopeNarrowIt() throws Exception {
        PolicyScope scope = scope("forbid (principal is Agent, action == Action::\"deploy\", resource is Service);");
        assertEquals(new PolicyScope("Agent", Set.of("deploy"), "Service"), scope);
        assertTrue(scope.mayMatch("Agent", action("deploy"), "Service"));
        assertFalse(scope.mayMatch("User", action("deploy"), "Service"));
        assertFalse(scope.mayMatch("Agent", action("merge_pr"), "Repository"));

        PolicyScope equality = scope("permit (principal == User::\"bob@example.com\", action, resource == Channel::\"#x\");");
        assertEquals(new PolicyScope("User", null, "Channel"), equality);
        assertTrue(equality.mayMatch("User", action("post_message"), "Channel"));
        assertFalse(equality.mayMatch("Agent", action("post_message"), "Channel"));
    }

    @Test
    void anActionGroupMatchesItsMembersAndAListMatchesEachOfItsActions() throws Exception {
        PolicyScope group = scope("permit (principal, action in Action::\"read\", resource);");
        assertTrue(group.mayMatch("User", action("read_email"), "Mailbox"));
        assertTrue(group.mayMatch("Agent", action("read_code"), "Repository"));
        assertFalse(group.mayMatch("Agent", action("send_email"), "Mailbox"));

        PolicyScope list = scope("permit (principal, action in [Action::\"deploy\", Action::\"read\"], resource);");
        assertTrue(list.mayMatch("Agent", action("deploy"), "Service"));
        assertTrue(list.mayMatch("Agent", action("read_ticket"), "Ticket"));
        assertFalse(list.mayMatch("Agent", action("create_ticket"), "Ticket"));
    }

    @Test
    void hierarchiesAreLeftToCedarBecauseTheyDependOnEntityData() throws Exception {
        PolicyScope inTeam = scope("forbid (principal in Team::\"risky\", action, resource in Team::\"t\");");
        assertNull(inTeam.principalType());
        assertNull(inTeam.resourceType());
        assertTrue(inTeam.mayMatch("User", action("deploy"), "Service"));

        PolicyScope isIn = scope("permit (principal is Agent in Team::\"payments\", action, resource);");
        assertEquals("Agent", isIn.principalType());
        assertFalse(isIn.mayMatch("User", action("deploy"), "Service"));
    }
}
