package dev.goodhart.simulator;

/**
 * A kind of tokenmaxxing, named exactly like the scoring-service detector that should catch it. Ground-truth labels of
 * a simulated organisation are sets of behaviours per person (by e-mail) or per agent (by agent id).
 */
public enum Behaviour {
    NEAR_DUPLICATE_PROMPTS("near_duplicate_prompts", Subject.PERSON),
    ORPHAN_OUTPUT("orphan_output", Subject.PERSON),
    PHANTOM_REFERENCES("phantom_references", Subject.PERSON),
    UNATTENDED_AUTOMATION("unattended_automation", Subject.AGENT),
    SELF_LOOPING_AUTOMATION("self_looping_automation", Subject.AGENT),
    CUTOFF_SPIKE("cutoff_spike", Subject.PERSON),
    MACHINE_CADENCE("machine_cadence", Subject.PERSON);

    /** Who a flag for this behaviour is about: a person or an agent. */
    public enum Subject { PERSON, AGENT }

    private final String detector;
    private final Subject subject;

    Behaviour(String detector, Subject subject) {
        this.detector = detector;
        this.subject = subject;
    }

    /** The detector's name in scoring-service's flags. */
    public String detector() {
        return detector;
    }

    public Subject subject() {
        return subject;
    }
}
