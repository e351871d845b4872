package dev.pulse.tracking;

import dev.pulse.budget.TaskBudget;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Moves tasks between tiers from what their polls show, and counts what it did.
 *
 * <p>The scheduler reports three things: {@link #recordPoll} after every poll, {@link
 * #mustYield} when a task's budget runs out at a checkpoint (the answer says whether to
 * yield), and {@link #observeLongPoll} when the watchdog sees a poll that has run long without
 * reaching a checkpoint. Tasks that need a warning (entering {@link Tier#WARN} starts an
 * episode) go to a lock-free slow queue, which the watchdog drains with {@link #pollSlowTask()}.
 *
 * <p><b>Threading.</b> Per task, {@code recordPoll} and {@code mustYield} must come from
 * one thread at a time (the scheduler serialises a task's polls); different tasks may be reported
 * concurrently. {@code observeLongPoll}, the counters and the queue are safe from any thread.
 * Tier changes are CAS'd, so each transition is counted exactly once. Time is passed in, never
 * read, so decisions are deterministic under a fake clock.
 *
 * <p><b>Cost.</b> {@code recordPoll} does no allocation and takes no lock; a tier change
 * increments one {@link LongAdder}; the slow queue allocates a node only when a warning episode
 * starts.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=manager}
 */
public final class TierManager {

    private final TierPolicy policy;
    // the policy's durations in nanoseconds, converted once: recordPoll reads them on every poll
    private final long slowNanos;
    private final long dwellNanos;
    private final long windowNanos;
    private final TierChangeListener listener;
    private final TaskRegistry tasks = TaskRegistry.forThisMachine();
    private final ConcurrentLinkedQueue<TrackedTask> slowQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slowQueueSize = new AtomicInteger();
    private final LongAdder budgetExhaustions = new LongAdder();
    private final LongAdder forcedYields = new LongAdder();
    private final LongAdder[] promotions = adders();
    private final LongAdder[] demotions = adders();

    /**
     * Creates a manager.
     *
     * @param policy when to promote and demote
     * @param listener told of every tier change; {@link TierChangeListener#NONE} for none
     */
    public TierManager(TierPolicy policy, TierChangeListener listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.slowNanos = policy.slowPollThresholdNanos();
        this.dwellNanos = policy.minTierDwellNanos();
        this.windowNanos = policy.cpuWindowNanos();
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Tier.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /**
     * Starts tracking a task at {@link Tier#MONITOR}.
     *
     * @param id the task's id, unique among live tasks (a thread's id is); not checked
     * @param name its name
     * @param thread its thread, or {@code null}
     * @param units its budget's first units, 0 to {@link TaskBudget#MAX_UNITS}
     * @param deadlineNanos the end of its first slice
     * @param nowNanos the current time
     * @return the task's state, which is also its budget
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public TrackedTask register(long id, String name, Thread thread, int units, long deadlineNanos, long nowNanos) {
        return register(new TrackedTask(id, name, thread, units, deadlineNanos, nowNanos));
    }

    /**
     * Starts tracking a task at {@link Tier#MONITOR} with no clock read: its first {@link
     * #recordPoll} starts its first CPU window, and its time at MONITOR, at that poll's start.
     * For a scheduler that starts every slice at a poll's start anyway (the budget's first
     * deadline is left at 0).
     *
     * @param id the task's id, unique among live tasks (a thread's id is); not checked
     * @param name its name
     * @param thread its thread, or {@code null}
     * @param units its budget's first units, 0 to {@link TaskBudget#MAX_UNITS}
     * @return the task's state, which is also its budget
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public TrackedTask register(long id, String name, Thread thread, int units) {
        return register(new TrackedTask(id, name, thread, units));
    }

    private TrackedTask register(TrackedTask state) {
        tasks.register(state);
        return state;
    }

    /**
     * Stops tracking a task. Leaves no state behind: a queued warning for it is skipped.
     *
     * @param task the task
     */
    public void unregister(TrackedTask task) {
        tasks.unregister(task);
    }

    /**
     * Records one poll and applies the policy. A poll is slow when both its wall time and its CPU
     * time reach the slow-poll threshold.
     *
     * @param task the task, polled by the calling thread
     * @param pollNanos wall time of the poll
     * @param cpuNanos CPU time attributed to the poll
     * @param delayNanos scheduling delay before the poll
     * @param nowNanos the time the poll ended
     * @return the task's tier after this poll
     */
    public Tier recordPoll(TrackedTask task, long pollNanos, long cpuNanos, long delayNanos, long nowNanos) {
        return recordPoll(task, pollNanos, cpuNanos, delayNanos, 1, nowNanos);
    }

    /**
     * Records one poll whose scheduling delay may not have been timed: the scheduler times every
     * wake-up for which {@link #needsEveryDelay} says so and a sample of the others.
     *
     * @param task the task, polled by the calling thread
     * @param pollNanos wall time of the poll
     * @param cpuNanos CPU time attributed to the poll
     * @param delayNanos scheduling delay before the poll; ignored if {@code delayWeight} is 0
     * @param delayWeight how many polls the delay stands for in the task's delay total: 1 if
     *     timed every time, {@code n} if drawn one in {@code n}, 0 if not timed
     * @param nowNanos the time the poll ended
     * @return the task's tier after this poll
     */
    public Tier recordPoll(
            TrackedTask task, long pollNanos, long cpuNanos, long delayNanos, int delayWeight, long nowNanos) {
        task.countPoll(pollNanos, cpuNanos, delayNanos, delayWeight);

        boolean sliceSeen = task.sliceObservedInPoll;
        task.sliceObservedInPoll = false;
        // "in a row" means without blocking in between: if the task was idle (not runnable) before
        // this poll, its earlier slow polls were bursts, not a sustained hog. An untimed delay counts
        // as idle time, the side that promotes less; it is untimed only when needsEveryDelay said
        // the answer changes nothing (or raced the poll that made it say otherwise)
        long timedDelay = delayWeight > 0 ? delayNanos : 0;
        long previousEnd = task.lastPollEndNanos;
        if (previousEnd == TrackedTask.NOT_POLLED) { // registered with no clock read: it starts now
            long start = nowNanos - pollNanos;
            task.windowStartNanos = start;
            if (task.tierCode() == Tier.MONITOR.ordinal()) { // unless the watchdog promoted it already
                task.setTierSinceNanos(start);
            }
            previousEnd = start - timedDelay; // ready, not idle, until this poll
        }
        long idle = nowNanos - pollNanos - previousEnd - timedDelay;
        task.lastPollEndNanos = nowNanos;
        boolean afterIdle = idle > slowNanos;
        if (afterIdle) {
            task.consecutiveSlow = 0;
        }
        // slow only if the task itself spent the time: a poll stretched by the OS descheduling
        // its carrier, or by a GC pause, has a long wall time but little CPU time
        if (Math.min(pollNanos, cpuNanos) >= slowNanos) {
            task.countSlowPoll(pollNanos);
            if (!sliceSeen) { // a slice end in this poll was already counted as evidence
                slowObservation(task, nowNanos, WarningCause.SLOW_POLLS, "slow polls", !afterIdle);
            }
        } else {
            goodPoll(task, nowNanos);
        }
        closeWindowIfDue(task, cpuNanos, nowNanos);
        return task.tier();
    }

    /**
     * Says whether the task's next poll must have its scheduling delay timed: the delay decides
     * whether a slow poll continues a run of slow polls (sustained) or follows idle time, which
     * matters only while the task has a run of slow polls going or sits above {@link
     * Tier#MONITOR}. Any thread; a read that races the task's poll may be stale.
     *
     * @param task the task
     * @return {@code true} if the delay must be timed; {@code false} if a sample will do
     */
    public boolean needsEveryDelay(TrackedTask task) {
        return task.consecutiveSlow > 0 || task.tierCode() != Tier.MONITOR.ordinal();
    }

    /**
     * Decides whether a task whose budget just ran out must yield. Counts the exhaustion; if the
     * task's slice has ended that counts as a slow observation (which may promote it), and a task
     * at {@link Tier#YIELD} or above must yield. (Whether its next poll runs on the isolation
     * carriers follows from its tier when it is resubmitted, not from this answer.)
     *
     * @param task the task, running on the calling thread
     * @param nowNanos the current time
     * @return {@code true} if the task must yield now; {@code false} to refill and go on
     */
    public boolean mustYield(TrackedTask task, long nowNanos) {
        budgetExhaustions.increment();
        task.countExhaustion();
        if (!task.deadlinePassed(nowNanos)) {
            return false;
        }
        task.sliceObservedInPoll = true;
        slowObservation(task, nowNanos, WarningCause.SLICES_OVERRUN, "slices overrun", true);
        return task.tier().ordinal() >= Tier.YIELD.ordinal();
    }

    /**
     * Counts a forced yield that {@link #mustYield} called for, on the task's own thread.
     *
     * @param task the task about to yield
     */
    public void recordForcedYield(TrackedTask task) {
        task.countForcedYield();
        forcedYields.increment();
    }

    /**
     * Forced yields counted by {@link #recordForcedYield}.
     *
     * @return the count
     */
    public long forcedYields() {
        return forcedYields.sum();
    }

    /**
     * The watchdog saw {@code task} in one long poll: {@code runningNanos} with at least {@link
     * dev.pulse.PulseConfig#longPollNanos()} of CPU and no checkpoint taking effect (the watchdog
     * decides that; this does not check it again). A task at {@link Tier#MONITOR} moves to {@link
     * Tier#WARN}, starting a warning episode; other tiers are left alone, since without checkpoints
     * only a handoff helps. Any thread.
     *
     * @param task the task
     * @param runningNanos how long its current poll has run
     * @param nowNanos the current time
     * @return {@code true} if the task was promoted
     */
    public boolean observeLongPoll(TrackedTask task, long runningNanos, long nowNanos) {
        if (task.tier() != Tier.MONITOR) {
            return false;
        }
        task.setLastSlowPollNanos(runningNanos);
        return change(
                task,
                Tier.MONITOR,
                Tier.WARN,
                nowNanos,
                WarningCause.LONG_POLL,
                "one poll ran " + runningNanos / 1_000 + " us");
    }

    /**
     * One piece of evidence of hogging. {@code sustained} is false for a slow poll right after the
     * task was idle: a burst, which starts a new run of slow polls but does not break a run of
     * good ones. By the same rule that makes promotion need slow polls without blocking in
     * between, a task that sleeps between short steps is not made to start its good run over by
     * one poll that the clock (a loaded VM's thread CPU clock counts stolen time) reads as slow.
     */
    private void slowObservation(TrackedTask task, long nowNanos, WarningCause cause, String what, boolean sustained) {
        if (sustained) {
            task.consecutiveGood = 0;
        }
        if (++task.consecutiveSlow >= policy.promoteAfterSlowPolls()) {
            task.consecutiveSlow = 0;
            promote(task, nowNanos, cause, policy.promoteAfterSlowPolls() + " " + what + " in a row");
        }
    }

    private void goodPoll(TrackedTask task, long nowNanos) {
        task.consecutiveSlow = 0;
        if (++task.consecutiveGood < policy.demoteAfterGoodPolls()) {
            return;
        }
        task.consecutiveGood = policy.demoteAfterGoodPolls(); // saturate
        Tier from = task.tier();
        if (from != Tier.MONITOR
                && !task.lastWindowHot
                && nowNanos - task.tierSinceNanos() >= dwellNanos
                && change(
                        task,
                        from,
                        from.down(),
                        nowNanos,
                        null,
                        policy.demoteAfterGoodPolls() + " fast polls in a row")) {
            task.consecutiveGood = 0;
        }
    }

    private void closeWindowIfDue(TrackedTask task, long cpuNanos, long nowNanos) {
        task.windowCpuNanos += cpuNanos;
        long elapsed = nowNanos - task.windowStartNanos;
        if (elapsed < windowNanos) {
            return;
        }
        boolean hot = task.windowCpuNanos >= (long) (elapsed * policy.hotWindowCpuShare());
        task.lastWindowHot = hot;
        task.windowStartNanos = nowNanos;
        task.windowCpuNanos = 0;
        if (hot) {
            promote(task, nowNanos, WarningCause.HOT_CPU_WINDOW, "hot CPU window");
        }
    }

    private void promote(TrackedTask task, long nowNanos, WarningCause cause, String reason) {
        Tier from;
        do {
            from = task.tier();
            if (from.ordinal() >= policy.maxTier().ordinal()) {
                return;
            }
        } while (!change(task, from, from.up(), nowNanos, cause, reason));
    }

    /** {@code cause}: what a promotion out of MONITOR rests on; {@code null} for a demotion. */
    private boolean change(TrackedTask task, Tier from, Tier to, long nowNanos, WarningCause cause, String reason) {
        if (!task.compareAndSetTier(from.ordinal(), to.ordinal())) {
            return false;
        }
        task.setTierSinceNanos(nowNanos);
        (to.ordinal() > from.ordinal() ? promotions : demotions)[to.ordinal()].increment();
        if (from == Tier.MONITOR && cause != null) {
            task.setWarningCause(cause); // before the queue publishes the task to the watchdog
        }
        if (from == Tier.MONITOR && task.markQueued()) {
            slowQueue.add(task);
            slowQueueSize.incrementAndGet();
        }
        listener.tierChanged(task, from, to, reason);
        return true;
    }

    /**
     * Takes the next task from the slow queue: a task that started a warning episode. Tasks
     * unregistered since are skipped.
     *
     * @return the task, or {@code null} if the queue is empty
     */
    public TrackedTask pollSlowTask() {
        TrackedTask task;
        while ((task = slowQueue.poll()) != null) {
            slowQueueSize.decrementAndGet();
            task.clearQueued();
            if (tasks.isRegistered(task)) {
                return task;
            }
        }
        return null;
    }

    /**
     * Tasks waiting in the slow queue.
     *
     * @return the count
     */
    public int slowQueueSize() {
        return slowQueueSize.get();
    }

    /**
     * Budget exhaustions reported through {@link #mustYield}.
     *
     * @return the count
     */
    public long budgetExhaustions() {
        return budgetExhaustions.sum();
    }

    /**
     * Promotions into a tier.
     *
     * @param to the tier entered
     * @return the count ({@code 0} for {@link Tier#MONITOR})
     */
    public long promotions(Tier to) {
        return promotions[to.ordinal()].sum();
    }

    /**
     * Demotions into a tier.
     *
     * @param to the tier entered
     * @return the count ({@code 0} for {@link Tier#ISOLATE})
     */
    public long demotions(Tier to) {
        return demotions[to.ordinal()].sum();
    }

    /**
     * Live tasks per tier, counted now.
     *
     * @return counts indexed by {@link Tier#ordinal()}
     */
    public int[] liveTasksByTier() {
        int[] counts = new int[Tier.values().length];
        for (TrackedTask t : tasks) {
            counts[t.tierCode()]++;
        }
        return counts;
    }

    /**
     * The live tasks, as an unmodifiable, weakly consistent view.
     *
     * @return the tasks
     */
    public Collection<TrackedTask> tasks() {
        return Collections.unmodifiableCollection(tasks);
    }
}
