package example.plain;

import example.annotated.AnnotatedHog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's hog for adaptive checkpoints: the same work as the demo's other hogs, with no
 * checkpoint and no annotation, written as application code usually is, a loop that calls a
 * method doing a batch of work. Under {@code -javaagent:pulse.jar=adaptive=true} the agent finds
 * {@link #batch} on the hog's stack and instruments it; the batches after that reach checkpoints.
 * It lives outside {@code dev.pulse} because the agent never touches Pulse's own classes.
 */
public final class PlainHog {

    /** Iterations per batch: about a millisecond of work here, so a new batch starts often. */
    private static final int BATCH = 65_536;

    private PlainHog() {}

    /**
     * Runs batches until {@code stop} is set, counting iterations into {@code work}.
     *
     * @param stop set to end the loop
     * @param work iterations done
     */
    public static void run(AtomicBoolean stop, LongAdder work) {
        long x = 0x9E3779B97F4A7C15L;
        while (!stop.get()) {
            x = batch(x);
            work.add(BATCH);
        }
        work.add(x & 0);
    }

    /**
     * One batch of {@value #BATCH} iterations of the demo's mixing step.
     *
     * @param seed the value to start from
     * @return the mixed value
     */
    public static long batch(long seed) {
        long x = seed;
        for (int i = 0; i < BATCH; i++) {
            x = AnnotatedHog.mix(x);
        }
        return x;
    }
}
