package dev.pulse.scheduler;

import dev.pulse.Limits;
import dev.pulse.TaskHandle;

/**
 * The checkpoint fast path behind {@code Pulse.checkpoint()}, {@code Pulse.consumeBudget} and
 * {@code CheckpointAbi}. Internal: users and instrumented code go through those.
 *
 * <p>A thread-local holds the calling thread's {@link ScheduledTask}, found once per thread: a
 * virtual thread that runs on a Pulse runtime gets its task; any other thread gets {@code null}
 * and every later checkpoint costs a thread-local read and a null check. For a Pulse task a
 * checkpoint spends budget units (a plain decrement); when the budget runs out it takes the slow
 * path, {@link ScheduledTask#budgetExhausted(long)}.
 *
 * <p>The three methods that take or return a {@code ScheduledTask} are what class files
 * instrumented before the checkpoint ABI had a version call ("ABI 0"); they stay, with their
 * descriptors, so those class files keep linking.
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
        if (task != null && task.taskState().consume(units)) {
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
     * The current thread's task as a handle ({@code CheckpointAbi.task()}).
     *
     * @return the task, or {@code null} outside the virtual threads of an enabled runtime
     */
    public static TaskHandle handle() {
        return CURRENT.get();
    }

    /**
     * One unit for a task already looked up ({@code CheckpointAbi.checkpoint(TaskHandle)}).
     *
     * @param handle the current thread's task, or {@code null} (then this does nothing)
     */
    public static void checkpoint(TaskHandle handle) {
        checkpoint(handle instanceof ScheduledTask task ? task : null);
    }

    /**
     * {@link #consume(int, long)} for a task already looked up ({@code
     * CheckpointAbi.checkpoint(TaskHandle, int, long)}).
     *
     * @param handle the current thread's task, or {@code null} (then this only checks arguments)
     * @param units units to spend, 1 to 65535
     * @param sliceNanos the slice, 10 µs to 1 s, or 0 for the runtime's slice
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static void consume(TaskHandle handle, int units, long sliceNanos) {
        consume(handle instanceof ScheduledTask task ? task : null, units, sliceNanos);
    }

    /**
     * ABI 0: the current thread's task.
     *
     * @return the task, or {@code null}
     */
    public static ScheduledTask currentTask() {
        return CURRENT.get();
    }

    /**
     * ABI 0: one unit for a task already looked up.
     *
     * @param task the current thread's task, or {@code null} (then this does nothing)
     */
    public static void checkpoint(ScheduledTask task) {
        if (task != null && task.taskState().consume(1)) {
            task.budgetExhausted(0);
        }
    }

    /**
     * ABI 0: units and a slice for a task already looked up.
     *
     * @param task the current thread's task, or {@code null} (then this only checks arguments)
     * @param units units to spend, 1 to 65535
     * @param sliceNanos the slice, 10 µs to 1 s, or 0 for the runtime's slice
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static void consume(ScheduledTask task, int units, long sliceNanos) {
        Limits.checkUnits("checkpoint units", units);
        Limits.checkSliceNanos("checkpoint slice", sliceNanos, true);
        if (task != null && task.taskState().consume(units)) {
            task.budgetExhausted(sliceNanos);
        }
    }
}
