package dev.pulse.scheduler;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds; fails the test with a message if it does not in time. */
final class Waits {
    private Waits() {}

    static void until(Duration atMost, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + atMost);
            }
            Thread.sleep(2);
        }
    }
}
