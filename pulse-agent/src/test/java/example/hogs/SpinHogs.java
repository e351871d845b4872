package example.hogs;

import dev.pulse.PreemptionBudget;
import java.util.concurrent.atomic.AtomicBoolean;

/** The same CPU hog twice: once annotated, once not. Neither calls {@code Pulse.checkpoint()}. */
public final class SpinHogs {

    private SpinHogs() {}

    /** Spins until {@code stop} is set; with the agent its loop gets a checkpoint. */
    @PreemptionBudget
    public static long annotated(AtomicBoolean stop) {
        long x = 1;
        while (!stopped(stop)) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            }
        }
        return x;
    }

    /** The same loop without the annotation: no checkpoint, so only a handoff frees its carrier. */
    public static long plain(AtomicBoolean stop) {
        long x = 1;
        while (!stopped(stop)) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            }
        }
        return x;
    }

    private static boolean stopped(AtomicBoolean stop) {
        return stop.get();
    }
}
