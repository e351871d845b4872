package example.abi;

import dev.pulse.PreemptionBudget;
import java.util.function.LongUnaryOperator;

/**
 * The source of the checkpoint-ABI fixture: {@code src/test/resources/abi/v1/example/abi/AbiHog.class}
 * is this class as the build-time instrumenter of ABI version 1 wrote it (copied from {@code
 * target/build-instrumented}). The fixture never changes; this source may, and then no longer
 * matches it, which is the point: the runtime must keep running what was shipped.
 *
 * <p>Two methods cover both version-1 checkpoints: {@link #applyAsLong} the plain one, {@link
 * #withSlice} the one with units and a slice.
 */
@PreemptionBudget
public final class AbiHog implements LongUnaryOperator {

    /** A loop of {@code n} dependent steps; a checkpoint at every back-edge. */
    @Override
    public long applyAsLong(long n) {
        long x = 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + i;
        }
        return x;
    }

    /**
     * The same loop with 4 units per checkpoint and a 100 µs slice.
     *
     * @param n steps
     * @return a value that depends on every step
     */
    @PreemptionBudget(units = 4, sliceMicros = 100)
    public long withSlice(long n) {
        long x = 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + i;
        }
        return x;
    }
}
