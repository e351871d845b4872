package dev.pulse.hooks;

import dev.pulse.tier.TaskState;

/**
 * Called around every poll of a task and at every yield Pulse forces, beside Pulse's own
 * bookkeeping. Register with {@code Pulse.builder().hooks(...)}.
 *
 * <p><b>Threading and cost.</b> {@link #beforePoll} and {@link #afterPoll} run on the carrier,
 * outside the task, once per poll: keep them to a few nanoseconds, allocation-free and
 * non-blocking. {@link #onYield} runs on the task's own thread just before it yields. An
 * exception thrown by a hook is caught, counted and logged once; the task runs on as if the hook
 * were absent. The {@link TaskState} passed in is a read-only view.
 *
 * {@snippet class=dev.pulse.snippets.HookSnippets region=hooks}
 */
public interface PreemptionHooks {

    /**
     * The hooks that do nothing: what a disabled Pulse uses.
     *
     * @return {@link NoOpHooks#INSTANCE}
     */
    static PreemptionHooks noop() {
        return NoOpHooks.INSTANCE;
    }

    /**
     * Before a poll: the task is about to run on the calling carrier.
     *
     * @param task the task
     */
    void beforePoll(TaskState task);

    /**
     * After a poll: the task has left the carrier (parked, yielded, blocked or finished).
     *
     * @param task the task; its statistics include this poll
     * @param pollNanos wall time of the poll
     */
    void afterPoll(TaskState task, long pollNanos);

    /**
     * The task is about to yield because Pulse forces it (its slice ended at a checkpoint).
     *
     * @param task the task
     */
    void onYield(TaskState task);
}
