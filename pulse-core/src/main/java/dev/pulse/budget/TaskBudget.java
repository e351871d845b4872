package dev.pulse.budget;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One task's budget: how many units it may still spend before its next time check, when its
 * current slice ends, and its tier code. A checkpoint spends one unit; when the units run out the
 * checkpoint takes its slow path, compares the clock with the slice deadline and refills.
 *
 * <p><b>Threading.</b> Units and deadline belong to the task's own thread: only the thread that
 * runs the task (or the carrier about to run it) calls {@link #consume(int)} and {@link
 * #reset(int, long)}. Any thread may read the units ({@link #remaining()}, opaque) and read or
 * change the tier ({@link #tierCode()} acquire, {@link #setTier(int)} release, {@link
 * #compareAndSetTier(int, int)} volatile CAS). A tier change never loses a concurrent consume and
 * a consume never loses a tier change: they live in separate fields (the JLS forbids word tearing).
 *
 * <p><b>Cost.</b> {@link #consume(int)} is a plain load, subtract and store: the checkpoint fast
 * path. No allocation anywhere.
 *
 * {@snippet class=dev.pulse.snippets.BudgetSnippets region=consume}
 */
public class TaskBudget {
    /*
     * Implementation notes
     *
     * Layout. Three fields: char units (2 bytes), byte tier (1 byte), int deadline (4 bytes).
     * 7 bytes of fields: 12-byte header + 7 = 19 -> 24 bytes with default headers; 8-byte compact
     * header + 7 = 15 -> 16 bytes with -XX:+UseCompactObjectHeaders. TaskBudgetLayoutTest holds
     * both bounds with JOL. A runtime's tasks do not pay for a budget object at all: their record
     * (TrackedTask) extends this class, so the 7 bytes join it. That is why the class is not
     * final while every method is: a subclass adds fields, never behaviour.
     *
     * Units are a char: 0..65535 checkpoints between time checks. BEAM gives a process 4000
     * reductions per slice; 65535 leaves room for loops far lighter than a reduction.
     *
     * Deadline is System.nanoTime() >> TICK_SHIFT (1.024 us ticks) truncated to 32 bits and
     * compared with wrap-around arithmetic. 2^31 ticks is 36.6 minutes, so a deadline compares
     * correctly for any slice up to PulseConfig's 1 s limit while the task checks it at least once
     * every 36 minutes.
     *
     * Ordering (Rust names in brackets):
     *   units    owner: plain read/write [Relaxed]; observers: getOpaque [Relaxed]
     *   deadline owner: plain read/write; not read by other threads
     *   tier     getAcquire / setRelease / compareAndSet [Acquire/Release/SeqCst]
     */

    /** Largest number of units a budget can hold. */
    public static final int MAX_UNITS = dev.pulse.Limits.MAX_UNITS;

    /** Deadlines are kept in ticks of {@code 1 << TICK_SHIFT} nanoseconds. */
    public static final int TICK_SHIFT = 10;

    private static final VarHandle UNITS;
    private static final VarHandle TIER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            UNITS = lookup.findVarHandle(TaskBudget.class, "units", char.class);
            TIER = lookup.findVarHandle(TaskBudget.class, "tier", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Remaining units. Owner: plain. Observers: opaque (UNITS). */
    private char units;

    /** Tier code. Release on write, acquire on read (TIER). */
    @SuppressWarnings("unused") // accessed through TIER
    private byte tier;

    /** Slice deadline in ticks (nanoTime >> TICK_SHIFT), truncated. Owner only, plain. */
    private int deadline;

    /**
     * Creates a budget with {@code units} units, tier code 0 and a deadline of {@code
     * deadlineNanos}.
     *
     * @param units initial units, 0 to {@link #MAX_UNITS}
     * @param deadlineNanos slice deadline on the {@link System#nanoTime()} scale
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public TaskBudget(int units, long deadlineNanos) {
        checkUnits(units);
        this.units = (char) units;
        this.deadline = ticks(deadlineNanos);
    }

    /**
     * Spends {@code n} units. Owner thread only.
     *
     * @param n units to spend, at least 1
     * @return {@code true} if the budget is now exhausted (it holds 0 units): the caller takes its
     *     slow path and refills with {@link #reset(int, long)}
     */
    public final boolean consume(int n) {
        int left = units - n;
        if (left > 0) {
            units = (char) left;
            return false;
        }
        units = 0;
        return true;
    }

    /**
     * Refills the budget and sets a new slice deadline. Owner thread only.
     *
     * @param units units, 0 to {@link #MAX_UNITS}
     * @param deadlineNanos slice deadline on the {@link System#nanoTime()} scale
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public final void reset(int units, long deadlineNanos) {
        checkUnits(units);
        this.units = (char) units;
        this.deadline = ticks(deadlineNanos);
    }

    /**
     * Refills the units and keeps the deadline. Owner thread only.
     *
     * @param units units, 0 to {@link #MAX_UNITS}
     * @throws IllegalArgumentException if {@code units} is out of range
     */
    public final void refill(int units) {
        checkUnits(units);
        this.units = (char) units;
    }

    /**
     * Says whether the slice deadline has passed at {@code nowNanos}. Owner thread only.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return {@code true} once {@code nowNanos} is at or past the deadline
     */
    public final boolean deadlinePassed(long nowNanos) {
        return ticks(nowNanos) - deadline >= 0;
    }

    /**
     * The time left before the slice deadline, in ticks. Owner thread only.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return ticks of {@code 1 << TICK_SHIFT} ns until the deadline; 0 or less once it has passed
     */
    public final int ticksLeft(long nowNanos) {
        return deadline - ticks(nowNanos);
    }

    /**
     * Moves the deadline by the difference between two slice lengths, for a slice measured against
     * another length than the one it started with. Owner thread only.
     *
     * @param fromNanos the slice length the deadline was set for
     * @param toNanos the slice length it is now measured against
     */
    public final void resizeSlice(long fromNanos, long toNanos) {
        deadline += ticks(toNanos) - ticks(fromNanos);
    }

    /**
     * The units a grant should hold to last {@code forTicks} at the pace of the last one, which
     * spent {@code spentUnits} in {@code spentTicks}: how a task's budget follows the cost of its
     * checkpoints, so that its time check comes near its slice's end whether a unit stands for a
     * nanosecond of work or a millisecond.
     *
     * {@snippet class=dev.pulse.snippets.BudgetSnippets region=paced}
     *
     * @param spentUnits units the last grant held, all spent
     * @param spentTicks ticks in which they were spent; less than 1 counts as 1
     * @param forTicks ticks the grant should last; less than 1 counts as 0
     * @param maxUnits the most a grant may hold, 1 to {@link #MAX_UNITS}
     * @return units, 1 to {@code maxUnits}: a task always gets at least one checkpoint's worth
     */
    public static int paced(int spentUnits, int spentTicks, int forTicks, int maxUnits) {
        long wanted = (long) spentUnits * Math.max(0, forTicks); // units x ticks: no overflow
        long per = Math.max(1, spentTicks);
        if (wanted >= (long) maxUnits * per) {
            return maxUnits; // a unit cheaper than the ceiling's pace, the common case: no division
        }
        return (int) Math.max(1, wanted / per);
    }

    /**
     * A {@link System#nanoTime()} reading, or a duration, in ticks of {@code 1 << TICK_SHIFT} ns,
     * truncated to 32 bits: compare two with wrap-around arithmetic ({@code a - b}).
     *
     * @param nanos nanoseconds
     * @return ticks
     */
    public static int ticks(long nanos) {
        return (int) (nanos >> TICK_SHIFT);
    }

    /**
     * Units left, read with opaque access: any thread may call it; the value may be stale.
     *
     * @return units left, 0 to {@link #MAX_UNITS}
     */
    public final int remaining() {
        return (char) UNITS.getOpaque(this);
    }

    /**
     * The tier code, read with acquire: whatever was written before the matching release is
     * visible.
     *
     * @return the tier code, 0 to 127
     */
    public final int tierCode() {
        return (byte) TIER.getAcquire(this);
    }

    /**
     * Sets the tier code with release. Any thread.
     *
     * @param code the new tier code, 0 to 127
     * @throws IllegalArgumentException if {@code code} is out of range
     */
    public final void setTier(int code) {
        TIER.setRelease(this, checkTier(code));
    }

    /**
     * Atomically sets the tier code to {@code update} if it is {@code expected}. Any thread.
     *
     * @param expected the code the caller saw
     * @param update the new code, 0 to 127
     * @return {@code true} if the code was {@code expected} and is now {@code update}
     * @throws IllegalArgumentException if {@code update} is out of range
     */
    public final boolean compareAndSetTier(int expected, int update) {
        return TIER.compareAndSet(this, (byte) expected, checkTier(update));
    }

    @Override
    public String toString() {
        return "TaskBudget[units=" + remaining() + ", tier=" + tierCode() + "]";
    }

    private static void checkUnits(int units) {
        if (units < 0 || units > MAX_UNITS) {
            throw new IllegalArgumentException(
                    "TaskBudget units must be between 0 and " + MAX_UNITS + ", was " + units);
        }
    }

    private static byte checkTier(int code) {
        if (code < 0 || code > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "TaskBudget tier code must be between 0 and " + Byte.MAX_VALUE + ", was " + code);
        }
        return (byte) code;
    }
}
