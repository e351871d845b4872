package dev.pulse.bench;

import dev.pulse.PulseRuntime;
import java.util.function.LongUnaryOperator;

/** Runs a loop in a fresh virtual thread, for the loop and yield benchmarks. */
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

    /**
     * Starts a virtual thread from {@code builder} that calls {@code Thread.yield()} {@code n}
     * times (one poll each), and waits for it.
     *
     * @param builder the scheduler's thread builder
     * @param n yields
     * @throws InterruptedException if interrupted while waiting
     */
    static void yields(Thread.Builder.OfVirtual builder, int n) throws InterruptedException {
        builder.start(() -> {
                    for (int i = 0; i < n; i++) {
                        Thread.yield();
                    }
                })
                .join();
    }
}
