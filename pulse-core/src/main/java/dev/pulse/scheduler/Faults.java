package dev.pulse.scheduler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failures inside Pulse or in user hooks: each is counted, the first of each kind is logged (with
 * its stack trace), and nothing is thrown on. A task runs on as if Pulse were absent.
 *
 * <p><b>No logging on a carrier.</b> A logger takes locks (a JUL handler's {@code publish} is
 * {@code synchronized}), and a virtual thread may hold such a lock while it is unmounted (JDK 24+
 * unmounts a virtual thread that blocks inside {@code synchronized}). A carrier that blocked on it
 * could then leave no carrier to resume the holder: both stop for good (seen: a hog logging a
 * checkpoint fault while the isolation carriers logged poll faults). So a failure reported on a
 * carrier is queued, and {@link #flush()} logs it from a thread that runs no task (the watchdog,
 * or {@code close()}); elsewhere it is logged at once.
 */
final class Faults {

    private final Events events;
    private final LongAdder count = new LongAdder();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    /** A first failure seen on a carrier, logged later. */
    private record Pending(String where, Throwable failure) {}

    /**
     * Creates a fault counter for a runtime.
     *
     * @param events where the runtime's log lines go
     */
    Faults(Events events) {
        this.events = events;
    }

    /**
     * Counts a failure and logs it if it is the first from {@code where}.
     *
     * @param where the place it happened, such as {@code "user hook afterPoll"}
     * @param failure what was thrown
     */
    void report(String where, Throwable failure) {
        count.increment();
        if (logged.add(where)) {
            if (Thread.currentThread() instanceof Carrier) {
                pending.add(new Pending(where, failure)); // see "No logging on a carrier"
            } else {
                log(where, failure);
            }
        }
    }

    /** Logs the failures queued on carriers. Call it from a thread that runs no task. */
    void flush() {
        for (Pending p = pending.poll(); p != null; p = pending.poll()) {
            log(p.where(), p.failure());
        }
    }

    private void log(String where, Throwable failure) {
        events.fault(where, failure);
    }

    /**
     * Failures counted so far.
     *
     * @return the count
     */
    long count() {
        return count.sum();
    }
}
