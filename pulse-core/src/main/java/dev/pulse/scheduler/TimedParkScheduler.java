package dev.pulse.scheduler;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler a Pulse runtime's virtual threads are built with: {@link PulseScheduler} as the
 * JDK sees it. Internal: {@code PulseRuntime.ofVirtual()} hands it to the JDK.
 *
 * <p>It is a {@link ForkJoinPool} for one reason: the JDK asks a {@code ForkJoinPool} scheduler to
 * {@link #schedule} the end of a thread's timed park, and sends the timed parks of any other
 * scheduler to its own shared, locked timer queues (see {@link ParkTimer} for what that cost).
 * This one gives them to the runtime's {@link ParkTimer}. That is all it does: {@link
 * #execute(Runnable)} goes to the Pulse scheduler, and the pool itself never starts a worker,
 * nothing else being submitted to it. That the JDK calls {@code schedule} for a {@code
 * ForkJoinPool} is its choice (JDK 25's {@code VirtualThread.schedule}), not a contract: a JDK
 * that stops would send the timed parks back to its own timers, slower under contention but
 * never wrong.
 */
final class TimedParkScheduler extends ForkJoinPool {
    private final PulseScheduler scheduler;
    private final ParkTimer timer;

    /**
     * The JDK-facing face of {@code scheduler}.
     *
     * @param scheduler where the virtual threads' continuations go
     * @param timer where their timed parks go
     */
    TimedParkScheduler(PulseScheduler scheduler, ParkTimer timer) {
        super(1); // a ForkJoinPool starts workers only for what is submitted to it, and nothing is
        this.scheduler = scheduler;
        this.timer = timer;
    }

    /** A virtual thread's continuation, on its way to a Pulse carrier. */
    @Override
    public void execute(Runnable task) {
        scheduler.execute(task);
    }

    /** The end of a timed park. */
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return timer.schedule(command, delay, unit);
    }
}
