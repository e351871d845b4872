package dev.pulse.scheduler;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failures inside Pulse or in user hooks: each is counted, the first of each kind is logged (with
 * its stack trace), and nothing is thrown on. A task runs on as if Pulse were absent.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=faults}
 */
public final class Faults {

    private static final System.Logger LOG = System.getLogger("dev.pulse");

    private final String runtime;
    private final LongAdder count = new LongAdder();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * Creates a fault counter for a runtime.
     *
     * @param runtime the runtime's name, for log lines
     */
    public Faults(String runtime) {
        this.runtime = runtime;
    }

    /**
     * Counts a failure and logs it if it is the first from {@code where}.
     *
     * @param where the place it happened, such as {@code "user hook afterPoll"}
     * @param failure what was thrown
     */
    public void report(String where, Throwable failure) {
        count.increment();
        if (logged.add(where)) {
            try {
                LOG.log(
                        Level.WARNING,
                        "Pulse runtime '" + runtime + "': failure in " + where
                                + " (caught; the task runs on; further failures here are counted, not logged)",
                        failure);
            } catch (RuntimeException ignored) {
                // a broken logger must not break the carrier either
            }
        }
    }

    /**
     * Failures counted so far.
     *
     * @return the count
     */
    public long count() {
        return count.sum();
    }
}
