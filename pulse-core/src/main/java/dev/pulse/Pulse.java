package dev.pulse;

import dev.pulse.scheduler.Checkpoints;
import dev.pulse.scheduler.VirtualThreadBridge;

/**
 * Pulse's static entry point.
 *
 * <p>JDK virtual threads are never time-sliced: a virtual thread that computes without blocking
 * keeps its carrier, and as many of them as carriers starve every other virtual thread. A
 * {@link PulseRuntime} runs virtual threads on carriers of its own, measures every poll, and
 * steps in on tasks that hog them: it warns, makes them yield at {@link #checkpoint()}s, moves
 * them to isolation carriers, and hands off carriers stuck in code with no checkpoint at all.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=quickstart}
 */
public final class Pulse {

    /** System property that switches every runtime to no-op hooks when set to {@code false}. */
    public static final String ENABLED_PROPERTY = "pulse.enabled";

    private Pulse() {}

    /**
     * A builder for a runtime, with every default set.
     *
     * @return a new builder
     */
    public static PulseRuntime.Builder builder() {
        return new PulseRuntime.Builder();
    }

    /**
     * Offers to yield: spends one unit of the current task's budget, and when the budget is
     * spent checks the slice and yields if the task's tier calls for it. Costs a thread-local read
     * and a decrement; a no-op outside the virtual threads of an enabled Pulse runtime. Call it
     * in any loop that may run long.
     */
    public static void checkpoint() {
        Checkpoints.checkpoint();
    }

    /**
     * Spends {@code units} of the current task's budget at once, for a step heavier than a loop
     * iteration; may yield like {@link #checkpoint()}.
     *
     * @param units 1 to 65535
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public static void consumeBudget(int units) {
        Checkpoints.consume(units);
    }

    /**
     * A checkpoint with settings of its own, as a {@link PreemptionBudget} gives them: spends
     * {@code units} of the current task's budget and, when the budget runs out, measures the slice
     * against {@code sliceNanos} instead of the runtime's slice; may yield like {@link
     * #checkpoint()}. A no-op outside the virtual threads of an enabled runtime. (Instrumented
     * code does the same through {@code Checkpoints}, with the task looked up once per call.)
     *
     * {@snippet class=dev.pulse.snippets.PulseSnippets region=checkpointWithSlice}
     *
     * @param units 1 to 65535
     * @param sliceNanos 10 µs to 1 s in nanoseconds, or 0 for the runtime's slice
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static void checkpoint(int units, long sliceNanos) {
        Checkpoints.consume(units, sliceNanos);
    }

    /**
     * Says whether runtimes are enabled by default: {@code true} unless the system property
     * {@value #ENABLED_PROPERTY} is {@code false}.
     *
     * @return the default for {@link PulseRuntime.Builder#enabled(boolean)}
     * @throws IllegalArgumentException if the property is set to anything but {@code true} or
     *     {@code false}
     */
    public static boolean enabledByDefault() {
        String value = System.getProperty(ENABLED_PROPERTY);
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("-D" + ENABLED_PROPERTY + " must be true or false, was '" + value + "'");
    }

    /**
     * Says why runtimes cannot be built in this JVM, for frameworks that would rather start
     * unprotected than not at all; empty when they can. The usual reason is a missing {@code
     * --add-opens java.base/java.lang=ALL-UNNAMED}, which the text names.
     *
     * {@snippet class=dev.pulse.snippets.PulseSnippets region=unavailable}
     *
     * @return what keeps Pulse from installing its scheduler, or empty
     */
    public static java.util.Optional<String> unavailableReason() {
        try {
            VirtualThreadBridge.requireAvailable();
            return java.util.Optional.empty();
        } catch (IllegalStateException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }
}
