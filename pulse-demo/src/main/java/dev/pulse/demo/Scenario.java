package dev.pulse.demo;

import java.util.Locale;

/**
 * One demo scenario: which scheduler runs the virtual threads and what kind of hogs they are.
 *
 * <p>Checkpoint hogs call {@code Pulse.checkpoint()} in their loop (a no-op on the JDK's
 * scheduler); plain hogs are loops nobody can change; annotated hogs are a {@code @PreemptionBudget}
 * method with no checkpoint call, run in a JVM started with {@code -javaagent:pulse.jar} (and no
 * {@code --add-opens}), so the agent's checkpoints are all they have.
 */
public enum Scenario {
    /** The JDK's default scheduler with no hogs at all: the floor of wake-up lateness here. */
    JDK_NO_HOGS("jdk-default/no-hogs", false, false),
    /** The JDK's default scheduler; hogs call {@code Pulse.checkpoint()}, which does nothing there. */
    JDK_CHECKPOINT_HOGS("jdk-default/checkpoint-hogs", false, true),
    /** The JDK's default scheduler; plain hogs. */
    JDK_PLAIN_HOGS("jdk-default/plain-hogs", false, false),
    /** Pulse; hogs call {@code Pulse.checkpoint()}: forced yields and isolation. */
    PULSE_CHECKPOINT_HOGS("pulse/checkpoint-hogs", true, true),
    /** Pulse; plain hogs: only the watchdog's handoff helps. */
    PULSE_PLAIN_HOGS("pulse/plain-hogs", true, false),
    /** Pulse with the agent; hogs are {@code @PreemptionBudget} loops with no checkpoint call. */
    PULSE_ANNOTATED_HOGS("pulse/annotated-hogs+agent", true, false, true);

    private final String label;
    private final boolean pulse;
    private final boolean checkpoints;
    private final boolean agent;

    Scenario(String label, boolean pulse, boolean checkpoints) {
        this(label, pulse, checkpoints, false);
    }

    Scenario(String label, boolean pulse, boolean checkpoints, boolean agent) {
        this.label = label;
        this.pulse = pulse;
        this.checkpoints = checkpoints;
        this.agent = agent;
    }

    /**
     * Says whether the scenario's JVM runs with the Pulse agent and annotated hogs.
     *
     * @return {@code true} for {@code -javaagent} and {@code @PreemptionBudget} hogs
     */
    public boolean agent() {
        return agent;
    }

    /**
     * The name shown in the table and the JSON.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Says whether the scenario runs on Pulse.
     *
     * @return {@code true} for Pulse, {@code false} for the JDK's scheduler
     */
    public boolean onPulse() {
        return pulse;
    }

    /**
     * Says whether the hogs call {@code Pulse.checkpoint()}.
     *
     * @return {@code true} for checkpointed hogs
     */
    public boolean checkpoints() {
        return checkpoints;
    }

    /**
     * The scenario with this label or enum name.
     *
     * @param name a label or constant name
     * @return the scenario
     * @throws IllegalArgumentException if none matches
     */
    public static Scenario of(String name) {
        for (Scenario s : values()) {
            if (s.label.equals(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
