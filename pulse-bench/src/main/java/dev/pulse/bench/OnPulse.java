package dev.pulse.bench;

import dev.pulse.PulseRuntime;
import java.util.function.LongUnaryOperator;

/** Runs a loop in a fresh virtual thread of a Pulse runtime, for the loop benchmarks. */
final class OnPulse {

    private OnPulse() {}

    /**
     * Runs {@code loop} on {@code pulse} and waits for it.
     *
     * @param pulse the runtime
     * @param seed the loop's input
     * @param loop the loop
     * @return its result, the next run's seed
     * @throws InterruptedException if interrupted while waiting
     */
    static long run(PulseRuntime pulse, long seed, LongUnaryOperator loop) throws InterruptedException {
        long[] out = new long[1];
        Thread t = pulse.ofVirtual().start(() -> out[0] = loop.applyAsLong(seed));
        t.join();
        return out[0];
    }
}
