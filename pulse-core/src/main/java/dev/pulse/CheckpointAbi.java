package dev.pulse;

import dev.pulse.scheduler.Checkpoints;

/**
 * The checkpoint ABI: the only Pulse methods that instrumented bytecode calls, kept stable so that
 * class files instrumented by one Pulse release keep running on later ones.
 *
 * <p>Code that {@code ./pulse instrument} or the agent rewrote for {@link PreemptionBudget} does,
 * in each method, what this Java would do: look the task up once at entry, then pass it to a
 * checkpoint at entry and at every loop back-edge. The rewritten class carries {@link
 * PulseInstrumented}{@code (abi = }{@value #VERSION}{@code )}.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=abi}
 *
 * <p><b>Version {@value #VERSION}</b> is exactly these members, by name and descriptor:
 *
 * <ul>
 *   <li>{@code static TaskHandle task()} — {@code ()Ldev/pulse/TaskHandle;}
 *   <li>{@code static void checkpoint(TaskHandle)} — {@code (Ldev/pulse/TaskHandle;)V}
 *   <li>{@code static void checkpoint(TaskHandle, int, long)} — {@code
 *       (Ldev/pulse/TaskHandle;IJ)V}
 *   <li>the stamp {@code Ldev/pulse/PulseInstrumented;} with its {@code int abi} element
 * </ul>
 *
 * <p><b>What may change without a new version:</b> everything behind these methods (how a
 * checkpoint spends budget, when it yields, how a task is found), new members added to this
 * class, and the instrumenter's choice of where to put checkpoints. <b>What needs a new
 * version:</b> removing or renaming any member above, changing a descriptor, or changing what the
 * arguments mean (units 1..65535; a slice of 0 or {@link Limits#MIN_SLICE_NANOS} to {@link
 * Limits#MAX_SLICE_NANOS} ns). A later Pulse keeps every earlier version's members, so old class
 * files keep linking; an instrumenter meeting a class stamped with a version newer than its own
 * leaves it unchanged and says so.
 */
public final class CheckpointAbi {

    /** The ABI version this Pulse writes and runs. */
    public static final int VERSION = 1;

    private CheckpointAbi() {}

    /**
     * The current thread's task; instrumented code calls this once, at method entry (a virtual
     * thread's task never changes).
     *
     * @return the task, or {@code null} if the current thread is not a virtual thread of an
     *     enabled Pulse runtime
     */
    public static TaskHandle task() {
        return Checkpoints.handle();
    }

    /**
     * A checkpoint: spends one unit of the task's budget, measured against the runtime's slice;
     * may yield. What {@link Pulse#checkpoint()} does, without the thread-local read.
     *
     * @param task what {@link #task()} returned; {@code null} does nothing
     */
    public static void checkpoint(TaskHandle task) {
        Checkpoints.checkpoint(task);
    }

    /**
     * A checkpoint with settings of its own, as {@link PreemptionBudget#units()} and {@link
     * PreemptionBudget#sliceMicros()} give them; may yield.
     *
     * @param task what {@link #task()} returned; {@code null} only checks the arguments
     * @param units units to spend, 1 to {@value Limits#MAX_UNITS}
     * @param sliceNanos the slice, 0 for the runtime's, else {@link Limits#MIN_SLICE_NANOS} to
     *     {@link Limits#MAX_SLICE_NANOS}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static void checkpoint(TaskHandle task, int units, long sliceNanos) {
        Checkpoints.consume(task, units, sliceNanos);
    }

    /**
     * The checkpoint ABI version a class was instrumented for.
     *
     * @param type a class
     * @return its {@link PulseInstrumented#abi()}, or 0 if Pulse did not instrument it
     */
    public static int versionOf(Class<?> type) {
        PulseInstrumented stamp = type.getAnnotation(PulseInstrumented.class);
        return stamp == null ? 0 : stamp.abi();
    }
}
