package dev.pulse.scheduler;

import dev.pulse.budget.TaskBudget;
import dev.pulse.tier.TaskState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One virtual thread as Pulse schedules it: the object the JDK submits on every poll. Pulse
 * installs it as the thread's {@code runContinuation} before the thread first runs, so every
 * poll reaches the scheduler without a lookup, and it submits itself to a carrier pool without
 * an allocation (it is its own {@link RepeatableTask}).
 *
 * <p>A poll: wait until the previous poll's bookkeeping (possibly still finishing on another
 * carrier) is done, reset the budget and slice, publish the poll to the carrier, run the JDK's
 * continuation, then record the poll (time, CPU, delay, tier) and call the user's hooks. Nothing
 * thrown inside Pulse reaches the carrier: it is counted in {@link Faults}.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=task}
 */
public final class ScheduledTask extends RepeatableTask implements Runnable, dev.pulse.TaskHandle {
    /*
     * Implementation notes
     *
     * The same object is submitted once per poll, forever: see RepeatableTask.
     *
     * Why the busy flag: the JDK resubmits a thread from inside runContinuation (after a yield,
     * or an unpark that raced the park), so another carrier may start the next poll while this
     * one is still recording the last. BUSY is CAS'd (acquire) before a poll and released after
     * its bookkeeping; the rare waiter spins, then yields its OS thread.
     *
     * readyAtNanos and forcedYield are written by the submitting thread and read by the carrier
     * that runs the next poll: the pool's queue orders them (release/acquire).
     */
    private static final long serialVersionUID = 1L;
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final transient PulseScheduler scheduler;
    private final transient Thread thread;
    private final transient Runnable continuation;
    private final transient TaskState state;
    private final transient TaskBudget budget;

    @SuppressWarnings("unused") // through BUSY
    private transient volatile int busy;

    transient long readyAtNanos;
    transient boolean forcedYield;

    /** Start and length of the current slice; the task's own thread only (set at poll start). */
    transient long sliceStartNanos;

    transient long sliceNanos;

    ScheduledTask(PulseScheduler scheduler, Thread thread, Runnable continuation, TaskState state, TaskBudget budget) {
        this.scheduler = scheduler;
        this.thread = thread;
        this.continuation = continuation;
        this.state = state;
        this.budget = budget;
    }

    /**
     * The virtual thread.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * The task's state, {@code null} when Pulse is disabled.
     *
     * @return the state or {@code null}
     */
    public TaskState taskState() {
        return state;
    }

    PulseScheduler scheduler() {
        return scheduler;
    }

    TaskBudget budget() {
        return budget;
    }

    @Override
    protected void runOnce() {
        run();
    }

    /** Runs one poll. Called by the carrier pool; never throws. */
    @Override
    public void run() {
        if (state == null) { // disabled: the bare continuation
            runContinuation();
            return;
        }
        lock();
        try {
            scheduler.poll(this);
        } finally {
            BUSY.setRelease(this, 0);
        }
    }

    void runContinuation() {
        try {
            continuation.run();
        } catch (Throwable t) { // the JDK's continuation does not throw; if it ever does, keep the carrier
            scheduler.faults().report("virtual thread continuation", t);
        }
    }

    @SuppressWarnings("ThreadPriorityCheck") // an OS-level yield while another carrier finishes its bookkeeping
    private void lock() {
        int spins = 0;
        while (!BUSY.compareAndSet(this, 0, 1)) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * The task's own thread ran out of budget at a checkpoint.
     *
     * @param sliceOverrideNanos the checkpoint's slice, 0 for the runtime's
     */
    @SuppressWarnings("ThreadPriorityCheck") // yielding the carrier is Pulse's purpose
    void budgetExhausted(long sliceOverrideNanos) {
        if (scheduler.budgetExhausted(this, sliceOverrideNanos)) {
            Thread.yield();
            if (forcedYield) { // the yield did not happen (pinned): carry on with a fresh slice
                forcedYield = false;
                scheduler.refill(this);
            }
        }
    }
}
