package dev.pulse.scheduler;

import dev.pulse.Limits;

/**
 * The checkpoint fast path behind {@code Pulse.checkpoint()} and {@code Pulse.consumeBudget}.
 *
 * <p>A thread-local holds the calling thread's {@link ScheduledTask}, found once per thread: a
 * virtual thread that runs on a Pulse runtime gets its task; any other thread gets {@code null}
 * and every later checkpoint costs a thread-local read and a null check. For a Pulse task a
 * checkpoint spends one budget unit (a plain decrement); every {@code budgetUnits} checkpoints it
 * takes the slow path, which compares the clock with the slice deadline and asks the tier manager
 * whether to yield.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=checkpoint}
 */
public final class Checkpoints {

    private static final ThreadLocal<ScheduledTask> CURRENT = ThreadLocal.withInitial(Checkpoints::lookup);

    private Checkpoints() {}

    private static ScheduledTask lookup() {
        Thread thread = Thread.currentThread();
        if (!thread.isVirtual()) {
            return null;
        }
        return VirtualThreadBridge.runContinuation(thread) instanceof ScheduledTask task && task.taskState() != null
                ? task
                : null;
    }

    /** Spends one unit of the current task's budget; may yield. A no-op outside Pulse tasks. */
    public static void checkpoint() {
        checkpoint(CURRENT.get());
    }

    /**
     * Spends {@code units} of the current task's budget; may yield. A no-op outside Pulse tasks.
     *
     * @param units units to spend, 1 to 65535
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public static void consume(int units) {
        Limits.checkUnits("budget units to consume", units);
        ScheduledTask task = CURRENT.get();
        if (task != null && task.budget().consume(units)) {
            task.budgetExhausted(0);
        }
    }

    /**
     * Spends {@code units} of the current task's budget and, when the budget runs out, measures
     * the slice against {@code sliceNanos} instead of the runtime's slice; may yield. A no-op
     * outside Pulse tasks.
     *
     * @param units units to spend, 1 to 65535
     * @param sliceNanos the slice, 10 µs to 1 s, or 0 for the runtime's slice
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static void consume(int units, long sliceNanos) {
        consume(CURRENT.get(), units, sliceNanos);
    }

    /**
     * A checkpoint for a task already looked up with {@link #currentTask()}: one unit, the
     * runtime's slice. This is what code instrumented for {@code @PreemptionBudget} calls at each
     * loop back-edge: the method looks its task up once, at entry (a virtual thread's task never
     * changes), so each iteration costs a null check and a decrement instead of a thread-local
     * read.
     *
     * @param task the current thread's task, or {@code null} (then this does nothing)
     */
    public static void checkpoint(ScheduledTask task) {
        if (task != null && task.budget().consume(1)) {
            task.budgetExhausted(0);
        }
    }

    /**
     * {@link #consume(int, long)} for a task already looked up with {@link #currentTask()}; what
     * instrumented {@code @PreemptionBudget(units = ..., sliceMicros = ...)} code calls.
     *
     * @param task the current thread's task, or {@code null} (then this only checks arguments)
     * @param units units to spend, 1 to 65535
     * @param sliceNanos the slice, 10 µs to 1 s, or 0 for the runtime's slice
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static void consume(ScheduledTask task, int units, long sliceNanos) {
        Limits.checkUnits("checkpoint units", units);
        Limits.checkSliceNanos("checkpoint slice", sliceNanos, true);
        if (task != null && task.budget().consume(units)) {
            task.budgetExhausted(sliceNanos);
        }
    }

    /**
     * The current thread's Pulse task.
     *
     * @return the task, or {@code null} if the current thread is not a task of an enabled Pulse
     *     runtime
     */
    public static ScheduledTask currentTask() {
        return CURRENT.get();
    }
}
