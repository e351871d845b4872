package example.app;

import dev.pulse.PreemptionBudget;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An annotated hog that {@link AgentApp} loads afresh in a loader of its own at chosen moments of a
 * late attach (after the attach, after the transformer is removed); never loaded by the
 * application loader first.
 */
public final class LateHog {
    private LateHog() {}

    /**
     * Spins until {@code stop} is set.
     *
     * @param stop set to end the loop
     * @return the mixed value
     */
    @PreemptionBudget
    public static long annotated(AtomicBoolean stop) {
        long x = 1;
        while (!stop.get()) {
            x = x * 31 + 7;
        }
        return x;
    }
}
