package example.app;

import dev.pulse.PreemptionBudget;
import java.util.concurrent.atomic.AtomicBoolean;

/** Annotated hogs in classes of their own, so each loads at a chosen moment of a late attach. */
final class LateHogs {

    private LateHogs() {}

    /** Loaded after the agent attached. */
    static final class First {
        private First() {}

        @PreemptionBudget
        public static long annotated(AtomicBoolean stop) {
            long x = 1;
            while (!stop.get()) {
                x = x * 31 + 7;
            }
            return x;
        }
    }

    /** Loaded after the transformer was removed. */
    static final class Second {
        private Second() {}

        @PreemptionBudget
        public static long annotated(AtomicBoolean stop) {
            long x = 1;
            while (!stop.get()) {
                x = x * 31 + 7;
            }
            return x;
        }
    }
}
