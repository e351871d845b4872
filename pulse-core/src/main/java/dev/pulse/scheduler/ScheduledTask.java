package dev.pulse.scheduler;

import dev.pulse.TaskHandle;
import dev.pulse.budget.TaskBudget;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tracking.TrackedTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One virtual thread as Pulse schedules it, and the owner of its poll cycle: the object the JDK
 * submits on every poll ({@link #run()}) and the one a checkpoint reports to when the budget runs
 * out ({@link #budgetExhausted(long)}). docs/ARCHITECTURE.md follows one poll through it.
 *
 * <p>Pulse installs it as the thread's {@code runContinuation} before the thread first runs, so
 * every poll reaches it without a lookup, and it submits itself to a carrier pool without an
 * allocation (it is its own {@link RepeatableTask}).
 *
 * <p>A poll: wait until the previous poll's bookkeeping (possibly still finishing on another
 * carrier) is done; start a slice (fresh budget, deadline) and publish the poll to the carrier;
 * run the JDK's continuation; then record the poll (time, CPU, delay) with the tier manager and
 * call the user's hooks. Nothing thrown inside Pulse reaches the carrier or the task: it is
 * counted in {@link Faults} and the task runs on as if Pulse were absent.
 */
final class ScheduledTask extends RepeatableTask implements Runnable, TaskHandle {
    /*
     * Implementation notes
     *
     * The same object is submitted once per poll, forever: see RepeatableTask.
     *
     * Why the busy flag: the JDK resubmits a thread from inside runContinuation (after a yield,
     * or an unpark that raced the park), so another carrier may start the next poll while this
     * one is still recording the last. BUSY is CAS'd (acquire) before a poll and released after
     * its bookkeeping; the rare waiter spins, then yields its OS thread. Everything below that
     * is plain is therefore read and written by one thread at a time, in order.
     *
     * readyAtNanos and forcedYield are written by the submitting thread and read by the carrier
     * that runs the next poll: the pool's queue orders them (release/acquire). grantTicks,
     * grantUnits, sliceUnits and sliceNanos are the task's own thread's (poll start and
     * checkpoints run on it).
     *
     * readyAtPollEnd: a task that resubmits itself from inside its poll (a yield, or an unpark
     * that raced its park) is ready from that moment, and the poll reads the clock a few hundred
     * nanoseconds later, at its end. So submit() sets this flag instead of reading the clock, and
     * the poll stores its end time as readyAtNanos before it releases BUSY, which the next poll
     * acquires before it reads readyAtNanos: the next poll sees the end time even if it starts on
     * another carrier first. The delay it computes then leaves out the poll's own bookkeeping
     * after the yield; the tier manager's idle time (start - previous end - delay) is 0 either
     * way, as it must be for a task that never stopped being runnable.
     *
     * One clock read per poll (docs/ARCHITECTURE.md, "Clock reads"). A clock read costs 25-50 ns
     * on a VM, and a poll that read it three times (ready, start, end) cost park/unpark 35-60 %
     * more than on the JDK's scheduler (BENCHMARKS.md). Two reads go:
     *
     * - readyWeight: a wake-up from another thread is timed (readyAtNanos read at submission)
     *   only when the tier manager needs the delay (PulseScheduler.timeReadiness) or when drawn,
     *   one in DELAY_SAMPLE_EVERY; the drawn one then stands for that many wake-ups in the delay
     *   statistics, so totals, means and percentiles stay unbiased. 0: not timed, this poll's
     *   delay is unknown. A self-resubmission is always timed (weight 1): its time is free.
     * - readyOn: the id of the carrier in whose poll the task became ready (0: none, e.g. a
     *   platform thread woke it). If that carrier is the one that runs it, the task was queued
     *   before the carrier's last poll ended, so the carrier has had work ever since and has not
     *   been idle: the end reading of its last poll is this poll's start, late by the carrier's
     *   walk through its queues (and by any time the OS kept the carrier off a CPU there, which
     *   the CPU checks that guard every long poll already discount).
     *
     * Written by the submitting thread before the pool's queue publishes the task, like
     * readyAtNanos. The poll's bookkeeping, which an unpark may race, writes readyAtNanos and
     * readyWeight only after a self-resubmission (readyAtPollEnd), which no unpark can race.
     *
     * Paced grants. A checkpoint spends a unit, and the clock is read only when a grant of units
     * runs out. A fixed grant (the runtime's budgetUnits) makes the time check come after 4000
     * checkpoints whatever they cost: 100 us of a tight loop, or 80 ms of a loop whose body takes
     * 20 us, and 4-25 ms of any loop still running interpreted in a cold JVM, so a slice of 1 ms
     * overran many times over before its task could yield, and a new hog held its carrier 10-25 ms
     * before the tier rules had seen the slices they count (BENCHMARKS.md, "Paced budget grants").
     * So each check measures the pace of the grant just spent (grantUnits since grantTicks) and
     * sizes the next one to last what is left of the slice (a check before the deadline) or a whole
     * slice (sliceUnits, also the first grant of the next poll): the check lands near the slice's
     * end. budgetUnits stays the ceiling, so a task checks the clock at least that often, as
     * before. Ticks (1.024 us, as the deadline) keep the three fields in the 8 bytes the slice's
     * start time took, which the deadline makes redundant.
     */
    private static final long serialVersionUID = 1L;

    /** A task's first grant, before its pace is known: Tokio's whole cooperative budget. */
    static final int FIRST_GRANT_UNITS = 128;

    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "busy", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final transient PollContext context;
    private final transient Thread thread;
    private final transient Runnable continuation;
    private final transient TrackedTask state; // also the task's budget (TrackedTask extends TaskBudget)

    @SuppressWarnings("unused") // through BUSY; a byte, so the object stays at 64 bytes
    private transient volatile byte busy;

    transient long readyAtNanos;
    transient boolean forcedYield;
    transient boolean readyAtPollEnd;

    /** How many wake-ups readyAtNanos stands for; 0 when it was not read (see the notes). */
    transient byte readyWeight;

    /** The carrier in whose poll the task became ready, 0 for none (see the notes). */
    transient int readyOn;

    /** When the current grant of budget units was given, in TaskBudget ticks (see the notes). */
    private transient int grantTicks;

    /** The units of the current grant. */
    private transient char grantUnits;

    /** Units that last a slice of sliceNanos at the task's last measured pace; 0: not measured yet. */
    private transient char sliceUnits;

    // an int: a slice is at most Limits' 1 s (< 2^31 ns), and the 4 bytes keep the object at 64
    private transient int sliceNanos;

    /**
     * A task; {@code state} is {@code null} when the runtime is disabled (its polls then run the
     * bare continuation).
     */
    ScheduledTask(PollContext context, Thread thread, Runnable continuation, TrackedTask state) {
        this.context = context;
        this.thread = thread;
        this.continuation = continuation;
        this.state = state;
    }

    Thread thread() {
        return thread;
    }

    /** The task's record, {@code null} when the runtime is disabled. */
    TrackedTask taskState() {
        return state;
    }

    PollContext context() {
        return context;
    }

    @Override
    protected void runOnce() {
        run();
    }

    /** Runs one poll on the calling carrier. Called by the carrier pool; never throws. */
    @Override
    public void run() {
        if (state == null) { // disabled: the bare continuation
            runContinuation();
            return;
        }
        lock();
        try {
            poll(Thread.currentThread() instanceof Carrier c ? c : null);
        } finally {
            BUSY.setRelease(this, (byte) 0);
        }
    }

    private void poll(Carrier carrier) {
        PollContext ctx = context;
        PreemptionHooks hooks = ctx.hooks();
        long start;
        long delay;
        int delayWeight = readyWeight;
        try {
            if (carrier != null && readyOn == carrier.id() && carrier.lastPollEndNanos() != Long.MIN_VALUE) {
                start = carrier.lastPollEndNanos(); // the carrier has been busy since: see the notes
            } else {
                start = ctx.clock().nanoTime();
            }
            delay = Math.max(0, start - readyAtNanos);
            startSlice(start, ctx.sliceNanos());
            if (carrier != null) {
                carrier.beginPoll(this, start, ctx.slowThresholdNanos());
            }
        } catch (Throwable t) { // a clock that throws: the task runs on as if Pulse were absent
            ctx.faults().report("poll bookkeeping", t);
            if (carrier != null) {
                carrier.endPoll();
            }
            runContinuation();
            if (readyAtPollEnd) { // no end time to give it: the next poll's delay is unknown
                readyAtPollEnd = false;
                readyWeight = 0;
            }
            return;
        }
        if (hooks != null) {
            try {
                hooks.beforePoll(state);
            } catch (Throwable t) {
                ctx.faults().report("user hook beforePoll", t);
            }
        }
        runContinuation();
        if (carrier != null) {
            carrier.continuationReturned(); // a yield's resubmission is no task waiting behind this carrier
        }
        try {
            long end = ctx.clock().nanoTime();
            if (readyAtPollEnd) {
                readyAtPollEnd = false;
                readyAtNanos = end;
            }
            long pollNanos = Math.max(0, end - start); // 0 if the clock stepped back during the poll
            long cpuNanos = pollNanos;
            if (carrier != null) {
                cpuNanos = carrier.cpuForPoll(pollNanos, ctx.slowThresholdNanos(), end);
                if (ctx.pollHistograms()) {
                    carrier.pollTimes.record(pollNanos);
                    if (delayWeight > 0) {
                        carrier.delays.record(delay, delayWeight);
                    }
                }
                if (carrier.handedOff) {
                    carrier.carrierPool().retire(carrier);
                }
            }
            ctx.tiers().recordPoll(state, pollNanos, cpuNanos, delay, delayWeight, end);
            if (carrier != null) {
                // only now: until the poll is in the task's statistics, a snapshot counts it as
                // the carrier's poll in progress
                carrier.endPoll();
            }
            if (hooks != null) {
                try {
                    hooks.afterPoll(state, pollNanos);
                } catch (Throwable t) {
                    ctx.faults().report("user hook afterPoll", t);
                }
            }
            if (!thread.isAlive()) {
                ctx.tiers().unregister(state);
            }
        } catch (Throwable t) {
            ctx.faults().report("poll bookkeeping", t);
            if (readyAtPollEnd) { // perhaps no end time to give it: the next poll's delay is unknown
                readyAtPollEnd = false;
                readyWeight = 0;
            }
            if (carrier != null) {
                carrier.endPoll(); // never leave the carrier looking stuck in this poll
            }
        }
    }

    private void runContinuation() {
        try {
            continuation.run();
        } catch (Throwable t) { // the JDK's continuation does not throw; if it ever does, keep the carrier
            context.faults().report("virtual thread continuation", t);
        }
    }

    /** A slice of {@code length} from {@code now}, with a grant sized to last it (see the notes). */
    private void startSlice(long now, long length) {
        int units = sliceUnits;
        if (units == 0) { // pace unknown: check early, to learn it before the slice can overrun much
            units = Math.min(FIRST_GRANT_UNITS, context.budgetUnits());
        } else if (length != sliceNanos) {
            units = TaskBudget.paced(
                    units, TaskBudget.ticks(sliceNanos), TaskBudget.ticks(length), context.budgetUnits());
        }
        state.reset(units, now + length);
        grantUnits = (char) units;
        grantTicks = TaskBudget.ticks(now);
        sliceNanos = (int) length;
    }

    @SuppressWarnings("ThreadPriorityCheck") // an OS-level yield while another carrier finishes its bookkeeping
    private void lock() {
        int spins = 0;
        while (!BUSY.compareAndSet(this, (byte) 0, (byte) 1)) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * The checkpoint slow path: the budget ran out, on the task's own thread. Asks the tier
     * manager whether the task must yield; if so yields the carrier here, else (or if the yield
     * could not happen, the thread being pinned) goes on with a fresh budget and, if the slice
     * has ended, a new slice.
     *
     * @param sliceOverrideNanos the checkpoint's slice, 0 for the runtime's; a different slice
     *     than the current one moves the deadline to the slice's start plus it
     */
    @SuppressWarnings("ThreadPriorityCheck") // yielding the carrier is Pulse's purpose
    void budgetExhausted(long sliceOverrideNanos) {
        PollContext ctx = context;
        boolean yield;
        try {
            long now = ctx.clock().nanoTime();
            long slice = sliceOverrideNanos > 0 ? sliceOverrideNanos : ctx.sliceNanos();
            if (slice != sliceNanos) {
                state.resizeSlice(sliceNanos, slice);
                sliceNanos = (int) slice;
            }
            int nowTicks = TaskBudget.ticks(now);
            int spentTicks = nowTicks - grantTicks;
            int maxUnits = ctx.budgetUnits();
            boolean sliceOver = state.deadlinePassed(now);
            if (sliceOver) { // the next slice's grant (now, or at the next poll after a yield)
                sliceUnits = (char) TaskBudget.paced(grantUnits, spentTicks, TaskBudget.ticks(slice), maxUnits);
            }
            yield = ctx.tiers().mustYield(state, now);
            if (!yield) {
                if (sliceOver) {
                    startSlice(now, slice);
                } else { // what is left of the slice, at the same pace
                    int units = TaskBudget.paced(grantUnits, spentTicks, state.ticksLeft(now), maxUnits);
                    state.refill(units);
                    grantUnits = (char) units;
                    grantTicks = nowTicks;
                }
                return;
            }
            ctx.tiers().recordForcedYield(state);
            if (ctx.hooks() != null) {
                try {
                    ctx.hooks().onYield(state);
                } catch (Throwable t) {
                    ctx.faults().report("user hook onYield", t);
                }
            }
            ctx.events().forcedYield(state);
        } catch (Throwable t) {
            ctx.faults().report("checkpoint", t);
            state.refill(ctx.budgetUnits()); // no clock here: it may be what failed
            return;
        }
        forcedYield = true; // tells submit() to queue the task behind the other yielded tasks
        Thread.yield();
        if (forcedYield) { // the yield did not happen (pinned): carry on with a fresh slice
            forcedYield = false;
            try {
                startSlice(ctx.clock().nanoTime(), sliceNanos);
            } catch (Throwable t) { // never into the task: units only, the slice's deadline stays
                ctx.faults().report("clock", t);
                state.refill(ctx.budgetUnits());
            }
        }
    }
}
