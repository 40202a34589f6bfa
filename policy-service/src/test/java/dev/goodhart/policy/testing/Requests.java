package dev.goodhart.policy.testing;

/** Decision request bodies, as agents send them. */
public final class Requests {

    private Requests() {
    }

    public static String deploy(String environment) {
        return deploy("checkout", environment);
    }

    public static String deploy(String service, String environment) {
        return """
                {"onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Service", "id": "%s", "attributes": {"environment": "%s"}},
                 "context": {"tokens": 2000}}
                """.formatted(service, environment);
    }

    public static String sendEmail(String person, String mailboxOwner, String... recipientDomains) {
        return """
                {"onBehalfOf": "%s", "action": "send_email",
                 "resource": {"type": "Mailbox", "id": "%s", "attributes": {"owner": "%s"}},
                 "context": {"recipientDomains": [%s]}}
                """.formatted(person, mailboxOwner, mailboxOwner,
                String.join(", ", java.util.Arrays.stream(recipientDomains).map(d -> "\"" + d + "\"").toList()));
    }

    public static String readEmail(String person, String mailboxOwner) {
        return """
                {"onBehalfOf": "%s", "action": "read_email",
                 "resource": {"type": "Mailbox", "id": "%s", "attributes": {"owner": "%s"}}}
                """.formatted(person, mailboxOwner, mailboxOwner);
    }

    public static String spendTokens(long tokens) {
        return """
                {"onBehalfOf": "alice@example.com", "action": "spend_tokens",
                 "resource": {"type": "Model", "id": "claude-sonnet-4", "attributes": {"provider": "anthropic"}},
                 "context": {"tokens": %d}}
                """.formatted(tokens);
    }
}
