package dev.pulse.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The timer that ends a runtime's timed parks ({@code Thread.sleep}, {@code parkNanos}, timed
 * waits): any thread may {@link #schedule} without a lock; one platform thread, started on first
 * use, runs each expiry when it is due. Internal: the JDK reaches it through {@link
 * TimedParkScheduler}.
 *
 * <p>Cost to a caller: one small allocation and one CAS; it wakes the timer thread only when its
 * deadline is earlier than the one the thread sleeps towards. Cancelling marks the timer and
 * drops its action; the timer thread discards it when it reaches it, or sooner when cancelled
 * timers are more than half of those pending.
 */
final class ParkTimer {
    /*
     * Implementation notes
     *
     * Why not the JDK's timers. For a scheduler that is not a ForkJoinPool the JDK sends every
     * timed park to one of a few shared ScheduledThreadPoolExecutors (ncpus / 4 of them, so one
     * on a 2- or 4-core machine), whose queue is guarded by a lock. Every carrier that parks a
     * thread with a timeout takes that lock on its way out of the poll; with more carriers than
     * cores the holder is often descheduled by the OS, and the carriers queue behind it asleep
     * (seen: 437 waits of 3-25 ms in 3 s at 16 carriers and 800 sleeping threads on 2 cores,
     * each a carrier blocked in a poll, which the watchdog rightly handed off). A ForkJoinPool's
     * own delay scheduler has no lock but wakes its thread on every schedule and every cancel.
     *
     * Intake. schedule() pushes onto a Treiber stack (intake, CAS). The timer thread takes the
     * whole stack at once (getAndSet null) into a binary min-heap that only it touches.
     *
     * Wake-ups without a lost signal. wakeAt is the deadline the timer thread sleeps towards
     * (NO_DEADLINE: no timer, an untimed park). The thread publishes wakeAt (volatile) and only
     * then reads the intake for the last time before it parks; a producer pushes (a CAS, fully
     * fenced) and only then reads wakeAt. So either the thread sees the new timer, or the producer
     * sees the deadline the thread will sleep towards, and lowers it (CAS) and unparks the thread
     * when its own deadline is earlier. An unpark that arrives before the park is kept by the
     * thread's permit. Lowering wakeAt first means that of many producers with early deadlines
     * only those that move it unpark the thread.
     *
     * Deadlines are System.nanoTime(), as the JDK's own timers use: a timed park is a promise in
     * real time, not something to fake.
     *
     * Slack. The thread sleeps until the earliest deadline plus slackNanos, and then ends every
     * park due by then: one wake-up of this thread (and of the carrier it hands the threads to)
     * for all the parks due in that window, instead of one or two per park. Every such wake-up
     * takes a CPU from whatever runs there; on a machine whose cores run hogs that is a
     * preemption of a hog (BENCHMARKS.md, "Timer slack"). No park ends early. The slack is the
     * same for every timer, so the order of deadlines is the order of latest ends, and wakeAt
     * (compared with a new timer's deadline) keeps holding a deadline, not a deadline plus slack.
     */

    /**
     * {@link #wakeAt} while the timer thread sleeps with no deadline. Compared by identity, never
     * by subtraction: {@code System.nanoTime()} may be negative, and a deadline minus this would
     * then overflow and look later than it.
     */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Above this many pending timers, a heap that is more than half cancelled is rebuilt. */
    private static final int PURGE_MIN = 64;

    private static final VarHandle INTAKE;
    private static final VarHandle WAKE_AT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            INTAKE = lookup.findVarHandle(ParkTimer.class, "intake", Timer.class);
            WAKE_AT = lookup.findVarHandle(ParkTimer.class, "wakeAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int CLOSED = 2;

    private final String threadName;
    private final Faults faults;
    private final long slackNanos;
    private final AtomicInteger cancelled = new AtomicInteger();

    @SuppressWarnings("unused") // through INTAKE
    private volatile Timer intake;

    @SuppressWarnings("unused") // through WAKE_AT
    private volatile long wakeAt = NO_DEADLINE;

    private volatile int state = NEW;

    private volatile Thread thread;

    // the timer thread's own
    private Timer[] heap = new Timer[64];
    private int size;

    /**
     * A timer whose thread is named {@code threadName} once started.
     *
     * @param threadName the timer thread's name
     * @param faults where an expiry that throws is reported
     * @param slackNanos how long after the earliest deadline the thread may wake, to end the parks
     *     due by then at once; 0 or more
     */
    ParkTimer(String threadName, Faults faults, long slackNanos) {
        if (slackNanos < 0) {
            throw new IllegalArgumentException("timer slack must be 0 or more, was " + slackNanos + " ns");
        }
        this.threadName = threadName;
        this.faults = faults;
        this.slackNanos = slackNanos;
    }

    /**
     * Runs {@code action} on the timer thread once {@code delay} has passed, unless cancelled
     * first. Any thread; no lock. After {@link #close()} the action never runs and the future is
     * returned cancelled: the runtime accepts no task any more, so nothing it would wake could
     * run.
     *
     * @param action what to run when due; it should be short (the JDK's: an unpark)
     * @param delay how long from now
     * @param unit the delay's unit
     * @return the timer, to cancel it
     */
    ScheduledFuture<?> schedule(Runnable action, long delay, TimeUnit unit) {
        long now = System.nanoTime();
        // deadlines are only ever compared by subtraction, so even now + Long.MAX_VALUE (a legal
        // parkNanos) stays in the future for as long as it should
        Timer timer = new Timer(action, now + Math.max(0, unit.toNanos(delay)), this);
        if (state != RUNNING && !start()) {
            timer.cancel(false);
            return timer;
        }
        Timer head;
        do {
            head = (Timer) INTAKE.getVolatile(this);
            timer.nextInIntake = head;
        } while (!INTAKE.compareAndSet(this, head, timer));
        long wake;
        while ((wake = (long) WAKE_AT.getVolatile(this)) == NO_DEADLINE || timer.deadline - wake < 0) {
            if (WAKE_AT.compareAndSet(this, wake, timer.deadline)) {
                LockSupport.unpark(thread);
                break;
            }
        }
        return timer;
    }

    /** Starts the timer thread if no one has; {@code false} if the timer is closed. */
    private boolean start() {
        synchronized (this) {
            int s = state;
            if (s == NEW) {
                Thread t = Thread.ofPlatform().daemon().name(threadName).unstarted(this::loop);
                thread = t;
                state = RUNNING;
                t.start();
                return true;
            }
            return s == RUNNING;
        }
    }

    /**
     * Stops the timer thread; pending timers never run. Later {@link #schedule} calls return
     * cancelled timers. Idempotent.
     */
    void close() {
        Thread t;
        synchronized (this) {
            state = CLOSED;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Timers scheduled and neither run nor discarded yet, cancelled ones included (an estimate
     * while other threads schedule: for tests and metrics).
     *
     * @return the count
     */
    int pending() {
        int n = 0;
        for (Timer t = (Timer) INTAKE.getVolatile(this); t != null; t = t.nextInIntake) {
            n++;
        }
        return n + size;
    }

    private void loop() {
        while (state == RUNNING) {
            drainIntake();
            long next = fireDue();
            WAKE_AT.setVolatile(this, next);
            if (INTAKE.getVolatile(this) != null) {
                continue; // a timer came in after the drain: it may be due before next
            }
            long now = System.nanoTime();
            if (next == NO_DEADLINE) {
                LockSupport.park(this);
            } else if (next - now > 0) {
                long sleep = next - now; // positive: no overflow below, a deadline far away saturates
                LockSupport.parkNanos(this, sleep > Long.MAX_VALUE - slackNanos ? Long.MAX_VALUE : sleep + slackNanos);
            }
        }
        heap = new Timer[0]; // the pending timers' actions and the threads they hold go with it
        size = 0;
    }

    private void drainIntake() {
        Timer t = (Timer) INTAKE.getAndSet(this, (Timer) null);
        while (t != null) {
            Timer next = t.nextInIntake;
            t.nextInIntake = null;
            if (!t.isCancelled()) {
                offer(t);
            } else {
                cancelled.decrementAndGet();
            }
            t = next;
        }
        if (size > PURGE_MIN && cancelled.get() > size / 2) {
            purge();
        }
    }

    /** Runs what is due; returns the next deadline, or {@link #NO_DEADLINE} if none. */
    private long fireDue() {
        long now = System.nanoTime();
        while (size > 0) {
            Timer first = heap[0];
            if (first.isCancelled()) {
                poll();
                cancelled.decrementAndGet();
                continue;
            }
            if (first.deadline - now > 0) {
                return first.deadline;
            }
            poll();
            // FutureTask catches what the action throws (see Timer.setException); this catch is
            // for an Error between the two
            try {
                first.run();
            } catch (Throwable t) {
                faults.report("timed park expiry", t);
            }
            now = System.nanoTime();
        }
        return NO_DEADLINE;
    }

    private void offer(Timer t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Timer p = heap[parent];
            if (t.deadline - p.deadline >= 0) {
                break;
            }
            heap[k] = p;
            k = parent;
        }
        heap[k] = t;
    }

    private void poll() {
        Timer last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
    }

    private void siftDown(int from, Timer t) {
        int k = from;
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline - heap[child].deadline < 0) {
                child = right;
            }
            if (t.deadline - heap[child].deadline <= 0) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = t;
    }

    /** Rebuilds the heap without its cancelled timers. */
    private void purge() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Timer t = heap[i];
            if (t.isCancelled()) {
                cancelled.decrementAndGet();
            } else {
                heap[kept++] = t;
            }
        }
        Arrays.fill(heap, kept, size, null);
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, heap[i]);
        }
    }

    /**
     * One pending expiry. A {@link FutureTask}, so cancelling, {@code get} and {@code isDone}
     * behave as for any scheduled executor; a cancelled one drops its action at once (FutureTask
     * clears it on completion), so it keeps no thread reachable while it waits to be discarded.
     */
    private static final class Timer extends FutureTask<Void> implements ScheduledFuture<Void> {
        final long deadline;
        private final ParkTimer owner;
        Timer nextInIntake;

        Timer(Runnable action, long deadline, ParkTimer owner) {
            super(action, null);
            this.deadline = deadline;
            this.owner = owner;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean done = super.cancel(mayInterruptIfRunning);
            if (done) {
                owner.cancelled.incrementAndGet();
            }
            return done;
        }

        /** An expiry that throws (an unpark the runtime rejected, say): counted, never silent. */
        @Override
        protected void setException(Throwable t) {
            owner.faults.report("timed park expiry", t);
            super.setException(t);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other == this) {
                return 0;
            }
            if (other instanceof Timer t) {
                return Long.compare(deadline - t.deadline, 0);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
