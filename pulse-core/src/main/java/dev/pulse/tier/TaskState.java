package dev.pulse.tier;

import dev.pulse.budget.TaskBudget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What Pulse knows about one task: its identity, its {@link TaskBudget} (which holds the tier),
 * its poll statistics and the evidence the {@link TierManager} weighs.
 *
 * <p><b>Threading.</b> Statistics and evidence have one writer at a time: the thread reporting the
 * task's polls, which the scheduler serialises per task. Statistics are written and read with
 * opaque access, so any thread may read them (a snapshot may be a poll behind). The tier is read
 * with acquire and changed with CAS through the budget. Hooks receive this object as a read-only
 * view: they must not call the package-private mutators.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=taskstate}
 */
public final class TaskState {
    /*
     * Implementation notes
     *
     * Statistics live in one long[] accessed through one array VarHandle with opaque mode
     * [Relaxed]: a single writer, readers that tolerate staleness, no fences on the poll path.
     * Evidence fields are plain: only the serialised writer reads or writes them. The two flags
     * that other threads touch (queued, warned) are CAS'd through FLAGS.
     */
    private static final VarHandle STATS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(TaskState.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int POLLS = 0;
    static final int SLOW_POLLS = 1;
    static final int POLL_NANOS = 2;
    static final int MAX_POLL_NANOS = 3;
    static final int CPU_NANOS = 4;
    static final int DELAY_NANOS = 5;
    static final int MAX_DELAY_NANOS = 6;
    static final int FORCED_YIELDS = 7;
    static final int EXHAUSTIONS = 8;
    static final int TIER_SINCE = 9;
    static final int LAST_SLOW_POLL_NANOS = 10;
    private static final int STAT_COUNT = 11;

    private final long id;
    private final String name;
    private final Thread thread;
    private final TaskBudget budget;
    private final long[] stats = new long[STAT_COUNT];

    // Evidence: plain, serialised writer only.
    int consecutiveSlow;
    int consecutiveGood;
    long lastPollEndNanos;
    long windowStartNanos;
    long windowCpuNanos;
    boolean lastWindowHot;
    boolean sliceObservedInPoll;

    /** In the manager's slow queue. CAS through QUEUED. */
    @SuppressWarnings("unused")
    private boolean queued;

    /**
     * Creates the state of one task at tier {@link Tier#MONITOR}.
     *
     * @param id the task's id (a virtual thread's {@link Thread#threadId()})
     * @param name the task's name; may be empty
     * @param thread the task's thread, or {@code null} for a task that is not a thread
     * @param budget the task's budget; its tier code is set to {@link Tier#MONITOR}
     * @param nowNanos the current time, which starts the first CPU window
     */
    public TaskState(long id, String name, Thread thread, TaskBudget budget, long nowNanos) {
        this.id = id;
        this.name = name == null ? "" : name;
        this.thread = thread;
        this.budget = budget;
        this.windowStartNanos = nowNanos;
        this.lastPollEndNanos = nowNanos;
        budget.setTier(Tier.MONITOR.ordinal());
        STATS.setOpaque(stats, TIER_SINCE, nowNanos);
    }

    /**
     * The task's id.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * The task's name.
     *
     * @return the name, possibly empty
     */
    public String name() {
        return name;
    }

    /**
     * The task's thread.
     *
     * @return the thread, or {@code null} if the task is not a thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * The task's budget.
     *
     * @return the budget
     */
    public TaskBudget budget() {
        return budget;
    }

    /**
     * The task's tier (acquire).
     *
     * @return the tier
     */
    public Tier tier() {
        return Tier.ofCode(budget.tier());
    }

    /**
     * Polls run so far.
     *
     * @return the count
     */
    public long polls() {
        return stat(POLLS);
    }

    /**
     * Polls that lasted at least the policy's slow-poll threshold.
     *
     * @return the count
     */
    public long slowPolls() {
        return stat(SLOW_POLLS);
    }

    /**
     * Wall time spent in polls.
     *
     * @return nanoseconds
     */
    public long pollNanos() {
        return stat(POLL_NANOS);
    }

    /**
     * The longest poll.
     *
     * @return nanoseconds
     */
    public long maxPollNanos() {
        return stat(MAX_POLL_NANOS);
    }

    /**
     * The length of the last slow poll.
     *
     * @return nanoseconds, 0 if none was slow
     */
    public long lastSlowPollNanos() {
        return stat(LAST_SLOW_POLL_NANOS);
    }

    /**
     * CPU time attributed to the task (see the scheduler's attribution rule).
     *
     * @return nanoseconds
     */
    public long cpuNanos() {
        return stat(CPU_NANOS);
    }

    /**
     * Total scheduling delay: time between becoming ready and starting to run.
     *
     * @return nanoseconds
     */
    public long delayNanos() {
        return stat(DELAY_NANOS);
    }

    /**
     * The longest scheduling delay.
     *
     * @return nanoseconds
     */
    public long maxDelayNanos() {
        return stat(MAX_DELAY_NANOS);
    }

    /**
     * Yields Pulse forced on the task.
     *
     * @return the count
     */
    public long forcedYields() {
        return stat(FORCED_YIELDS);
    }

    /**
     * Times the task's budget ran out.
     *
     * @return the count
     */
    public long budgetExhaustions() {
        return stat(EXHAUSTIONS);
    }

    /**
     * When the task entered its current tier.
     *
     * @return nanoseconds on the manager's clock
     */
    public long tierSinceNanos() {
        return stat(TIER_SINCE);
    }

    /**
     * Counts one forced yield. Called by the scheduler on the task's own thread.
     */
    public void recordForcedYield() {
        add(FORCED_YIELDS, 1);
    }

    @Override
    public String toString() {
        return "TaskState[id=" + id + ", name=" + name + ", tier=" + tier() + ", polls=" + polls() + "]";
    }

    long stat(int index) {
        return (long) STATS.getOpaque(stats, index);
    }

    void add(int index, long delta) {
        STATS.setOpaque(stats, index, (long) STATS.getOpaque(stats, index) + delta);
    }

    void max(int index, long value) {
        if (value > (long) STATS.getOpaque(stats, index)) {
            STATS.setOpaque(stats, index, value);
        }
    }

    void set(int index, long value) {
        STATS.setOpaque(stats, index, value);
    }

    boolean markQueued() {
        return QUEUED.compareAndSet(this, false, true);
    }

    void clearQueued() {
        QUEUED.setRelease(this, false);
    }
}
