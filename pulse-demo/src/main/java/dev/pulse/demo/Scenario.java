package dev.pulse.demo;

import java.util.Locale;

/**
 * One demo scenario: which scheduler runs the virtual threads and what kind of hogs they are.
 *
 * <p>Run with {@code hogKind} {@code checkpoint} the hogs call {@code Pulse.checkpoint()} in their
 * loop (a no-op on the JDK's scheduler); with {@code plain} they are loops nobody can change.
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
    PULSE_PLAIN_HOGS("pulse/plain-hogs", true, false);

    private final String label;
    private final boolean pulse;
    private final boolean checkpoints;

    Scenario(String label, boolean pulse, boolean checkpoints) {
        this.label = label;
        this.pulse = pulse;
        this.checkpoints = checkpoints;
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
