package dev.goodhart.simulator;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a simulated person uses AI, with the behaviours a fair detector must find in them. A tokenmaxxer's extra
 * activity is never linked to an outcome, so the high-volume kinds also leave orphan output by definition; the low-
 * volume kinds (phantom summaries, automation owned by an agent) do not.
 */
public enum Archetype {
    /** A few sessions a day, about half of them linked to outcomes; now and then a week without AI (leave). */
    HONEST_LIGHT(Set.of(), Set.of()),
    /** Works without AI: merges pull requests and resolves tickets, never calls a model. */
    NO_AI(Set.of(), Set.of()),
    /** Many tokens, most sessions linked to merged PRs, resolved tickets or accepted output; Friday crunches. */
    HONEST_POWER(Set.of(), Set.of()),
    /** A light user who runs a scheduled agent whose output they review (accept or reject). */
    HONEST_AUTOMATION(Set.of(), Set.of()),
    /** The same prompt, barely changed, dozens of times a day. */
    NEAR_DUPLICATE(EnumSet.of(Behaviour.NEAR_DUPLICATE_PROMPTS, Behaviour.ORPHAN_OUTPUT), Set.of()),
    /** Heavy use with unique prompts and no outcome at all. */
    ORPHAN(EnumSet.of(Behaviour.ORPHAN_OUTPUT), Set.of()),
    /** Summaries of meetings that never took place. */
    PHANTOM(EnumSet.of(Behaviour.PHANTOM_REFERENCES), Set.of()),
    /** A scheduled agent around the clock whose output nobody reads. */
    UNATTENDED(Set.of(), EnumSet.of(Behaviour.UNATTENDED_AUTOMATION)),
    /** An agent that keeps re-triggering itself in long loops nobody reads. */
    SELF_LOOPING(Set.of(), EnumSet.of(Behaviour.SELF_LOOPING_AUTOMATION, Behaviour.UNATTENDED_AUTOMATION)),
    /** Burns tokens in the day before the weekly measurement cut-off. */
    CUTOFF_SPIKE(EnumSet.of(Behaviour.CUTOFF_SPIKE, Behaviour.ORPHAN_OUTPUT), Set.of()),
    /** A script posing as a person: a call every 90 seconds, for hours. */
    MACHINE_CADENCE(EnumSet.of(Behaviour.MACHINE_CADENCE, Behaviour.ORPHAN_OUTPUT), Set.of());

    private final Set<Behaviour> personBehaviours;
    private final Set<Behaviour> agentBehaviours;

    Archetype(Set<Behaviour> personBehaviours, Set<Behaviour> agentBehaviours) {
        this.personBehaviours = personBehaviours;
        this.agentBehaviours = agentBehaviours;
    }

    public Set<Behaviour> personBehaviours() {
        return personBehaviours;
    }

    public Set<Behaviour> agentBehaviours() {
        return agentBehaviours;
    }

    public boolean honest() {
        return personBehaviours.isEmpty() && agentBehaviours.isEmpty();
    }

    /** The agent this archetype runs, if any: its id ends with this purpose. */
    public String agentPurpose() {
        return switch (this) {
            case HONEST_AUTOMATION -> "triage-bot";
            case UNATTENDED -> "digest-bot";
            case SELF_LOOPING -> "loop-agent";
            default -> null;
        };
    }
}
