package dev.goodhart.ingest.directory;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One person as an HR or identity system knows them. Only keyed hashes of the identifiers are stored. */
@RegisterForReflection
@Schema(name = "PersonEntry", description = "A person of the directory. Required: email (the primary address, which "
        + "makes the person's canonical key). Every identifier is replaced by its keyed hash before it is stored.")
public record PersonEntry(
        @Schema(examples = "alice@example.com", description = "Primary e-mail: the person's canonical key and the "
                + "`email` claim of their token") @NotBlank @Email @Size(max = 320) String email,
        @Schema(examples = "E-1042") @Size(min = 1, max = 200) String employeeId,
        @Schema(examples = "alice-gh", description = "GitHub login: webhooks and Copilot reports name people by it")
        @Size(min = 1, max = 100) String githubLogin,
        @Schema(examples = "[\"alice.smith@example.org\"]") @Size(max = 20)
        List<@NotBlank @Email @Size(max = 320) String> otherEmails,
        @Schema(examples = "[\"payments\", \"platform\"]") @Size(max = 50) List<@NotBlank @Size(max = 100) String> teams,
        @Schema(examples = "payments", description = "The team an event of this person is charged to when the event "
                + "names none; one of `teams` (required when there are several)") @Size(min = 1, max = 100)
        String primaryTeam,
        @Schema(examples = "carol@example.com", description = "The manager's primary e-mail (or another identifier the "
                + "directory knows); stored as the manager's person key") @Size(min = 1, max = 320) String manager,
        @Schema(examples = "true", description = "false for people who left; default true") Boolean active) {
}
