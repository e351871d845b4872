package dev.pulse.tracking;

import dev.pulse.budget.TaskBudget;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's record of one task: the read-only {@link TaskState} users see, its {@link
 * TaskBudget} (which holds the tier; the record is that budget, see below) and the evidence the
 * {@link TierManager} weighs. Internal: only the scheduler and the tier manager hold it as this
 * type.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=taskstate}
 */
public final class TrackedTask extends TaskBudget implements TaskState {
    /*
     * Implementation notes (see docs/ARCHITECTURE.md, "Who writes what")
     *
     * One object per task. The record extends its TaskBudget rather than pointing to one, and
     * keeps its statistics in fields rather than an array: two objects (a 24-byte budget and a
     * long[11] of 104 bytes with its header) and two references less for every live virtual
     * thread. The budget's contract is unchanged (its methods are final); only its layout joins
     * this object's.
     *
     * Statistics are long fields accessed through one static final VarHandle each (constants,
     * so every access compiles to a plain load or store) with opaque mode [Relaxed]: readers on
     * any thread tolerate a value a poll old, and nothing on the poll path pays a fence. Most
     * statistics have one writer at a time: the carrier running the task's poll bookkeeping (the
     * scheduler serialises a task's polls). Two have a second writer, the
     * watchdog: lastSlowPollNanos (observeLongPoll) and tierSinceNanos (any tier change). Both are
     * plain overwrites, never read-modify-write, so a race loses no count: the later store wins,
     * and either value is a true recent one (tierSinceNanos may be a few microseconds early, which
     * only shortens a dwell by as much).
     *
     * Evidence fields (consecutiveSlow ... sliceObservedInPoll) are plain: only the serialised
     * poll-side writer reads or writes them. The one flag another thread touches, queued (the
     * watchdog clears it when it takes the task off the slow queue), is CAS'd through QUEUED.
     * The tier itself lives in the budget and is CAS'd there.
     */
    private static final VarHandle QUEUED;
    private static final WarningCause[] CAUSES = WarningCause.values();
    private static final VarHandle POLLS_FIELD;
    private static final VarHandle SLOW_POLLS_FIELD;
    private static final VarHandle POLL_NANOS_FIELD;
    private static final VarHandle MAX_POLL_NANOS_FIELD;
    private static final VarHandle CPU_NANOS_FIELD;
    private static final VarHandle DELAY_NANOS_FIELD;
    private static final VarHandle MAX_DELAY_NANOS_FIELD;
    private static final VarHandle FORCED_YIELDS_FIELD;
    private static final VarHandle EXHAUSTIONS_FIELD;
    private static final VarHandle TIER_SINCE_FIELD;
    private static final VarHandle LAST_SLOW_POLL_NANOS_FIELD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            QUEUED = lookup.findVarHandle(TrackedTask.class, "queued", boolean.class);
            POLLS_FIELD = lookup.findVarHandle(TrackedTask.class, "polls", long.class);
            SLOW_POLLS_FIELD = lookup.findVarHandle(TrackedTask.class, "slowPolls", long.class);
            POLL_NANOS_FIELD = lookup.findVarHandle(TrackedTask.class, "pollNanos", long.class);
            MAX_POLL_NANOS_FIELD = lookup.findVarHandle(TrackedTask.class, "maxPollNanos", long.class);
            CPU_NANOS_FIELD = lookup.findVarHandle(TrackedTask.class, "cpuNanos", long.class);
            DELAY_NANOS_FIELD = lookup.findVarHandle(TrackedTask.class, "delayNanos", long.class);
            MAX_DELAY_NANOS_FIELD = lookup.findVarHandle(TrackedTask.class, "maxDelayNanos", long.class);
            FORCED_YIELDS_FIELD = lookup.findVarHandle(TrackedTask.class, "forcedYields", long.class);
            EXHAUSTIONS_FIELD = lookup.findVarHandle(TrackedTask.class, "exhaustions", long.class);
            TIER_SINCE_FIELD = lookup.findVarHandle(TrackedTask.class, "tierSinceNanos", long.class);
            LAST_SLOW_POLL_NANOS_FIELD = lookup.findVarHandle(TrackedTask.class, "lastSlowPollNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final String name;
    private final Thread thread;

    // Statistics: opaque, through their VarHandles (see the notes above)
    @SuppressWarnings("unused")
    private long polls;

    @SuppressWarnings("unused")
    private long slowPolls;

    @SuppressWarnings("unused")
    private long pollNanos;

    @SuppressWarnings("unused")
    private long maxPollNanos;

    @SuppressWarnings("unused")
    private long cpuNanos;

    @SuppressWarnings("unused")
    private long delayNanos;

    @SuppressWarnings("unused")
    private long maxDelayNanos;

    @SuppressWarnings("unused")
    private long forcedYields;

    @SuppressWarnings("unused")
    private long exhaustions;

    @SuppressWarnings("unused")
    private long tierSinceNanos;

    @SuppressWarnings("unused")
    private long lastSlowPollNanos;

    // Evidence: plain, serialised writer only.
    int consecutiveSlow;
    int consecutiveGood;
    long lastPollEndNanos;
    long windowStartNanos;
    long windowCpuNanos;
    boolean lastWindowHot;
    boolean sliceObservedInPoll;

    // The links of TaskRegistry's list: guarded by the stripe's monitor. registered is written
    // under it too; pollSlowTask reads it without the lock, and a stale value there only decides
    // whether a task that has just ended still gets its warning, so a volatile write's fence on
    // every thread's start and end would buy nothing.
    TrackedTask registryPrev;
    TrackedTask registryNext;
    boolean registered;

    // Why the task last left MONITOR (a WarningCause ordinal + 1; 0: never). Written before the
    // task is queued for its warning, read by the watchdog after it takes the task off that
    // queue: the queue orders the two. A later episode may overwrite it while the watchdog reads:
    // either value is a true cause. One byte: it fits the record's padding.
    private byte warningCause;

    /** In the manager's slow queue. CAS through QUEUED. */
    @SuppressWarnings("unused")
    private boolean queued;

    /**
     * Creates the state of one task at tier {@link Tier#MONITOR}.
     *
     * @param id the task's id (a virtual thread's {@link Thread#threadId()})
     * @param name the task's name; may be empty
     * @param thread the task's thread, or {@code null} for a task that is not a thread
     * @param units the budget's first units, 0 to {@link TaskBudget#MAX_UNITS}
     * @param deadlineNanos the end of the budget's first slice
     * @param nowNanos the current time, which starts the first CPU window
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public TrackedTask(long id, String name, Thread thread, int units, long deadlineNanos, long nowNanos) {
        super(units, deadlineNanos);
        this.id = id;
        this.name = name == null ? "" : name;
        this.thread = thread;
        this.windowStartNanos = nowNanos;
        this.lastPollEndNanos = nowNanos;
        setTier(Tier.MONITOR.ordinal());
        TIER_SINCE_FIELD.setOpaque(this, nowNanos);
    }

    /**
     * Creates the state of one task at tier {@link Tier#MONITOR} without reading a clock: its
     * first poll starts its first CPU window and its time at MONITOR (see {@link
     * TierManager#recordPoll}). Until then {@link #tierSinceNanos()} reads {@link Long#MIN_VALUE}.
     *
     * @param id the task's id (a virtual thread's {@link Thread#threadId()})
     * @param name the task's name; may be empty
     * @param thread the task's thread, or {@code null} for a task that is not a thread
     * @param units the budget's first units, 0 to {@link TaskBudget#MAX_UNITS}
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    TrackedTask(long id, String name, Thread thread, int units) {
        this(id, name, thread, units, 0, NOT_POLLED);
    }

    /**
     * {@link #lastPollEndNanos} of a task registered without a clock read, until its first poll.
     * Compared by identity: a clock may read any value, but the scheduler registers with this one
     * only, and a first poll that ends on exactly this nanosecond would at worst be taken for
     * another first poll.
     */
    static final long NOT_POLLED = Long.MIN_VALUE;

    /**
     * The task's id.
     *
     * @return the id
     */
    @Override
    public long id() {
        return id;
    }

    /**
     * The task's name.
     *
     * @return the name, possibly empty
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * The task's thread.
     *
     * @return the thread, or {@code null} if the task is not a thread
     */
    @Override
    public Thread thread() {
        return thread;
    }

    /**
     * The task's tier (acquire).
     *
     * @return the tier
     */
    @Override
    public Tier tier() {
        return Tier.ofCode(tierCode());
    }

    /**
     * Polls run so far.
     *
     * @return the count
     */
    @Override
    public long polls() {
        return (long) POLLS_FIELD.getOpaque(this);
    }

    /**
     * Polls that lasted at least the policy's slow-poll threshold.
     *
     * @return the count
     */
    @Override
    public long slowPolls() {
        return (long) SLOW_POLLS_FIELD.getOpaque(this);
    }

    /**
     * Wall time spent in polls.
     *
     * @return nanoseconds
     */
    @Override
    public long pollNanos() {
        return (long) POLL_NANOS_FIELD.getOpaque(this);
    }

    /**
     * The longest poll.
     *
     * @return nanoseconds
     */
    @Override
    public long maxPollNanos() {
        return (long) MAX_POLL_NANOS_FIELD.getOpaque(this);
    }

    /**
     * The length of the last slow poll.
     *
     * @return nanoseconds, 0 if none was slow
     */
    @Override
    public long lastSlowPollNanos() {
        return (long) LAST_SLOW_POLL_NANOS_FIELD.getOpaque(this);
    }

    /**
     * CPU time attributed to the task (see the scheduler's attribution rule).
     *
     * @return nanoseconds
     */
    @Override
    public long cpuNanos() {
        return (long) CPU_NANOS_FIELD.getOpaque(this);
    }

    /**
     * Total scheduling delay: time between becoming ready and starting to run. An estimate: the
     * scheduler times every wake-up the tier policy needs and one in eight of the others, and
     * counts each of those eight times (Go's runtime samples its scheduling latency the same
     * way).
     *
     * @return nanoseconds
     */
    @Override
    public long delayNanos() {
        return (long) DELAY_NANOS_FIELD.getOpaque(this);
    }

    /**
     * The longest scheduling delay timed (see {@link #delayNanos()}: not every wake-up is).
     *
     * @return nanoseconds
     */
    @Override
    public long maxDelayNanos() {
        return (long) MAX_DELAY_NANOS_FIELD.getOpaque(this);
    }

    /**
     * Yields Pulse forced on the task.
     *
     * @return the count
     */
    @Override
    public long forcedYields() {
        return (long) FORCED_YIELDS_FIELD.getOpaque(this);
    }

    /**
     * Times the task's budget ran out.
     *
     * @return the count
     */
    @Override
    public long budgetExhaustions() {
        return (long) EXHAUSTIONS_FIELD.getOpaque(this);
    }

    /**
     * When the task entered its current tier.
     *
     * @return nanoseconds on the manager's clock
     */
    @Override
    public long tierSinceNanos() {
        return (long) TIER_SINCE_FIELD.getOpaque(this);
    }

    @Override
    public String toString() {
        return "TrackedTask[id=" + id + ", name=" + name + ", tier=" + tier() + ", polls=" + polls() + "]";
    }

    /** One poll's figures; on the poll's bookkeeping thread (the single writer of these). */
    void countPoll(long pollNanos, long cpuNanos, long delayNanos, int delayWeight) {
        POLLS_FIELD.setOpaque(this, (long) POLLS_FIELD.getOpaque(this) + 1);
        POLL_NANOS_FIELD.setOpaque(this, (long) POLL_NANOS_FIELD.getOpaque(this) + pollNanos);
        if (pollNanos > (long) MAX_POLL_NANOS_FIELD.getOpaque(this)) {
            MAX_POLL_NANOS_FIELD.setOpaque(this, pollNanos);
        }
        CPU_NANOS_FIELD.setOpaque(this, (long) CPU_NANOS_FIELD.getOpaque(this) + cpuNanos);
        if (delayWeight > 0) { // a timed delay; one drawn in n counts n times (see TierManager.recordPoll)
            DELAY_NANOS_FIELD.setOpaque(this, (long) DELAY_NANOS_FIELD.getOpaque(this) + delayNanos * delayWeight);
            if (delayNanos > (long) MAX_DELAY_NANOS_FIELD.getOpaque(this)) {
                MAX_DELAY_NANOS_FIELD.setOpaque(this, delayNanos);
            }
        }
    }

    /** A slow poll; on the poll's bookkeeping thread. */
    void countSlowPoll(long pollNanos) {
        SLOW_POLLS_FIELD.setOpaque(this, (long) SLOW_POLLS_FIELD.getOpaque(this) + 1);
        LAST_SLOW_POLL_NANOS_FIELD.setOpaque(this, pollNanos);
    }

    /** A budget that ran out; on the task's own thread. */
    void countExhaustion() {
        EXHAUSTIONS_FIELD.setOpaque(this, (long) EXHAUSTIONS_FIELD.getOpaque(this) + 1);
    }

    /** A forced yield; on the task's own thread. */
    void countForcedYield() {
        FORCED_YIELDS_FIELD.setOpaque(this, (long) FORCED_YIELDS_FIELD.getOpaque(this) + 1);
    }

    /** Also written by the watchdog: an overwrite, never read-modify-write (see the notes). */
    void setLastSlowPollNanos(long nanos) {
        LAST_SLOW_POLL_NANOS_FIELD.setOpaque(this, nanos);
    }

    /** Written by whoever changes the tier: an overwrite (see the notes). */
    void setTierSinceNanos(long nanos) {
        TIER_SINCE_FIELD.setOpaque(this, nanos);
    }

    /**
     * Why the task last left {@link Tier#MONITOR}.
     *
     * @return the cause, or {@code null} if it never has
     */
    public WarningCause warningCause() {
        int code = warningCause;
        return code == 0 ? null : CAUSES[code - 1];
    }

    void setWarningCause(WarningCause cause) {
        warningCause = (byte) (cause.ordinal() + 1);
    }

    boolean markQueued() {
        return QUEUED.compareAndSet(this, false, true);
    }

    void clearQueued() {
        QUEUED.setRelease(this, false);
    }
}
