package dev.pulse.demo;

import java.util.Locale;

/**
 * One demo scenario: which scheduler runs the virtual threads, with how many carriers, and what
 * kind of hogs they are.
 *
 * <p>Checkpoint hogs call {@code Pulse.checkpoint()} in their loop (a no-op on the JDK's
 * scheduler and on a disabled Pulse); plain hogs are loops nobody can change; annotated hogs are a
 * {@code @PreemptionBudget} method with no checkpoint call, run in a JVM started with {@code
 * -javaagent:pulse.jar} (and no {@code --add-opens}), so the agent's checkpoints are all they have;
 * batch hogs are plain application code, a loop calling a batch method, run with the agent's
 * adaptive checkpoints ({@code -javaagent:pulse.jar=adaptive=true}), which instrument the batch
 * method once Pulse reports the hogs' long polls.
 *
 * <p>The baselines follow the project's measuring rules: the JDK's scheduler with {@code
 * --carriers} carriers; Pulse disabled and Pulse with no hogs (its floor); the JDK with as many
 * carriers as the matching Pulse scenario had at its peak (main, isolation and extra carriers), so
 * a reader sees whether Pulse wins only by running more threads; and the JDK with hogs + carriers
 * carriers, the workaround users apply today, against which hog throughput is judged. The {@link
 * Demo} runs the scenarios in this order, so a peak-carrier row follows the Pulse row it copies.
 */
public enum Scenario {
    /** The JDK's default scheduler with no hogs at all: the floor of wake-up lateness here. */
    JDK_NO_HOGS("jdk-default/no-hogs", Kind.JDK, Hogs.NONE, Carriers.CONFIGURED),
    /** The JDK's default scheduler; hogs call {@code Pulse.checkpoint()}, which does nothing there. */
    JDK_CHECKPOINT_HOGS("jdk-default/checkpoint-hogs", Kind.JDK, Hogs.CHECKPOINT, Carriers.CONFIGURED),
    /** The JDK's default scheduler; plain hogs. */
    JDK_PLAIN_HOGS("jdk-default/plain-hogs", Kind.JDK, Hogs.PLAIN, Carriers.CONFIGURED),
    /** Pulse with no hogs: its own floor, to compare with {@link #JDK_NO_HOGS}. */
    PULSE_NO_HOGS("pulse/no-hogs", Kind.PULSE, Hogs.NONE, Carriers.CONFIGURED),
    /** Pulse built with {@code enabled(false)}; checkpoint hogs: no intervention, so it starves. */
    PULSE_DISABLED("pulse/disabled", Kind.PULSE_DISABLED, Hogs.CHECKPOINT, Carriers.CONFIGURED),
    /** Pulse; hogs call {@code Pulse.checkpoint()}: forced yields and isolation. */
    PULSE_CHECKPOINT_HOGS("pulse/checkpoint-hogs", Kind.PULSE, Hogs.CHECKPOINT, Carriers.CONFIGURED),
    /** Pulse; plain hogs: only the watchdog's handoff helps. */
    PULSE_PLAIN_HOGS("pulse/plain-hogs", Kind.PULSE, Hogs.PLAIN, Carriers.CONFIGURED),
    /** Pulse with the agent; hogs are {@code @PreemptionBudget} loops with no checkpoint call. */
    PULSE_ANNOTATED_HOGS("pulse/annotated-hogs+agent", Kind.PULSE_AGENT, Hogs.ANNOTATED, Carriers.CONFIGURED),
    /**
     * Pulse with the agent's adaptive checkpoints; plain hogs of application code: handoff until the
     * agent instruments the hogs' batch method, forced yields after.
     */
    PULSE_ADAPTIVE_HOGS("pulse/plain-hogs+adaptive", Kind.PULSE_ADAPTIVE, Hogs.PLAIN_BATCHES, Carriers.CONFIGURED),
    /** The JDK's scheduler with as many carriers as {@link #PULSE_CHECKPOINT_HOGS} had at its peak. */
    JDK_CHECKPOINT_HOGS_PEAK(
            "jdk-default/checkpoint-hogs+pulse-peak", Kind.JDK, Hogs.CHECKPOINT, Carriers.PEAK_OF_CHECKPOINT_HOGS),
    /** The JDK's scheduler with as many carriers as {@link #PULSE_PLAIN_HOGS} had at its peak. */
    JDK_PLAIN_HOGS_PEAK("jdk-default/plain-hogs+pulse-peak", Kind.JDK, Hogs.PLAIN, Carriers.PEAK_OF_PLAIN_HOGS),
    /** The users' workaround: the JDK's scheduler with hogs + carriers carriers; plain hogs. */
    JDK_PLAIN_HOGS_WORKAROUND(
            "jdk-default/plain-hogs+hogs+carriers", Kind.JDK, Hogs.PLAIN, Carriers.HOGS_PLUS_CONFIGURED);

    /** Which scheduler runs the scenario's virtual threads. */
    enum Kind {
        /** The JDK's default scheduler. */
        JDK,
        /** Pulse, enabled. */
        PULSE,
        /** Pulse built with {@code enabled(false)}. */
        PULSE_DISABLED,
        /** Pulse, in a JVM started with the agent and annotated hogs. */
        PULSE_AGENT,
        /** Pulse, in a JVM started with the agent's adaptive checkpoints. */
        PULSE_ADAPTIVE
    }

    /** What the hogs are. */
    enum Hogs {
        /** No hogs. */
        NONE,
        /** Loops that call {@code Pulse.checkpoint()}. */
        CHECKPOINT,
        /** Loops with no checkpoint. */
        PLAIN,
        /** A {@code @PreemptionBudget} loop, instrumented by the agent. */
        ANNOTATED,
        /** Plain application code, a loop of batches: what adaptive checkpoints instrument. */
        PLAIN_BATCHES
    }

    /** How many carriers the scenario's scheduler gets. */
    enum Carriers {
        /** {@code --carriers}. */
        CONFIGURED,
        /** The peak of {@link #PULSE_CHECKPOINT_HOGS} (main + isolation + extra). */
        PEAK_OF_CHECKPOINT_HOGS,
        /** The peak of {@link #PULSE_PLAIN_HOGS} (main + isolation + extra). */
        PEAK_OF_PLAIN_HOGS,
        /** {@code --hogs} + {@code --carriers}. */
        HOGS_PLUS_CONFIGURED
    }

    private final String label;
    private final Kind kind;
    private final Hogs hogs;
    private final Carriers carriers;

    Scenario(String label, Kind kind, Hogs hogs, Carriers carriers) {
        this.label = label;
        this.kind = kind;
        this.hogs = hogs;
        this.carriers = carriers;
    }

    /**
     * Says whether the scenario's JVM runs with the Pulse agent and annotated hogs.
     *
     * @return {@code true} for {@code -javaagent} and {@code @PreemptionBudget} hogs
     */
    public boolean agent() {
        return kind == Kind.PULSE_AGENT || kind == Kind.PULSE_ADAPTIVE;
    }

    /**
     * The options after {@code -javaagent:pulse.jar=}, for a scenario with the agent.
     *
     * @return {@code adaptive=true} for adaptive checkpoints, else empty
     */
    public String agentOptions() {
        return kind == Kind.PULSE_ADAPTIVE ? "adaptive=true" : "";
    }

    /**
     * Says whether the hogs are {@code @PreemptionBudget} code.
     *
     * @return {@code true} for the annotated hogs
     */
    public boolean annotatedHogs() {
        return hogs == Hogs.ANNOTATED;
    }

    /**
     * Says whether the hogs are plain application code in batches, for adaptive checkpoints.
     *
     * @return {@code true} for those hogs
     */
    public boolean batchHogs() {
        return hogs == Hogs.PLAIN_BATCHES;
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
     * Says whether the scenario runs on a Pulse runtime (enabled or not).
     *
     * @return {@code true} for Pulse, {@code false} for the JDK's scheduler
     */
    public boolean onPulse() {
        return kind != Kind.JDK;
    }

    /**
     * Says whether the scenario's Pulse runtime is enabled.
     *
     * @return {@code true} for an enabled Pulse, {@code false} for a disabled one or the JDK
     */
    public boolean pulseEnabled() {
        return kind == Kind.PULSE || kind == Kind.PULSE_AGENT || kind == Kind.PULSE_ADAPTIVE;
    }

    /**
     * Says whether the scenario runs hogs.
     *
     * @return {@code false} for the no-hogs floors
     */
    public boolean hasHogs() {
        return hogs != Hogs.NONE;
    }

    /**
     * Says whether the hogs call {@code Pulse.checkpoint()}.
     *
     * @return {@code true} for checkpointed hogs
     */
    public boolean checkpoints() {
        return hogs == Hogs.CHECKPOINT;
    }

    /**
     * The carriers this scenario's scheduler gets.
     *
     * @param options the demo's flags
     * @param peakOfCheckpointHogs the peak carriers of {@link #PULSE_CHECKPOINT_HOGS}, 0 if not run
     * @param peakOfPlainHogs the peak carriers of {@link #PULSE_PLAIN_HOGS}, 0 if not run
     * @return at least 1
     */
    public int carriers(DemoOptions options, int peakOfCheckpointHogs, int peakOfPlainHogs) {
        int n = switch (carriers) {
            case CONFIGURED -> options.carriers();
            case PEAK_OF_CHECKPOINT_HOGS -> peakOfCheckpointHogs;
            case PEAK_OF_PLAIN_HOGS -> peakOfPlainHogs;
            case HOGS_PLUS_CONFIGURED -> options.hogs() + options.carriers();
        };
        return Math.max(1, n);
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
