package dev.pulse.scheduler;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@link Waits} for tests in other packages. */
public final class WaitsAccess {
    private WaitsAccess() {}

    /**
     * Polls until the condition holds, for up to 10 s.
     *
     * @param condition the condition
     * @throws Exception if it throws, or an AssertionError if it does not hold in time
     */
    public static void until(Callable<Boolean> condition) throws Exception {
        Waits.until(Duration.ofSeconds(10), condition);
    }
}
