package example.annotated;

import dev.pulse.PreemptionBudget;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's annotated hog: the same work as the demo's other hogs, written as a user would, with
 * {@code @PreemptionBudget} and no call to Pulse. It lives outside {@code dev.pulse} because the
 * agent never touches Pulse's own classes.
 */
public final class AnnotatedHog {

    private AnnotatedHog() {}

    /**
     * Spins until {@code stop} is set, counting iterations into {@code work} every 65,536. Under
     * {@code -javaagent:pulse.jar} its loop gets a checkpoint at the back-edge.
     *
     * @param stop set to end the loop
     * @param work iterations done
     */
    @PreemptionBudget
    public static void run(AtomicBoolean stop, LongAdder work) {
        long x = 0x9E3779B97F4A7C15L;
        long n = 0;
        while (!stop.get()) {
            x = mix(x);
            if ((++n & 0xFFFF) == 0) {
                work.add(0x10000);
            }
        }
        work.add((n & 0xFFFF) + (x & 0));
    }

    /**
     * One iteration's 16 mixing rounds, for every demo hog. Not annotated, so its loop gets no
     * checkpoint: the annotated hog has one per iteration, like the demo's checkpoint hogs (an
     * annotated method's inner loops would each get one per round).
     *
     * @param x the value
     * @return the mixed value
     */
    public static long mix(long x) {
        for (int round = 0; round < 16; round++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
