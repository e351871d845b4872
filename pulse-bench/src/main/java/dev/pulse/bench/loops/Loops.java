package dev.pulse.bench.loops;

import dev.pulse.PreemptionBudget;

/**
 * The same loop twice, for {@code AgentLoopBenchmark}: {@link #annotated} carries {@code
 * @PreemptionBudget}, which the build's {@code pulse-instrument} step turns into a checkpoint at
 * method entry and one per iteration; {@link #plain} stays as written. Each iteration is one
 * {@link #step} plus {@code rounds} xorshift rounds (in {@link #mix}, which has no annotation and
 * so no checkpoint).
 */
public final class Loops {

    /**
     * What {@link #step} reads: random words in an array, whose contents the JIT cannot know, so
     * a chain of steps can be neither folded nor vectorised.
     */
    private static final long[] TABLE =
            new java.util.SplittableRandom(7).longs(1024).toArray();

    private Loops() {}

    /**
     * The cheapest iteration no compiler can fold away: a multiply and a load from an address
     * that depends on the previous value, a loop-carried chain of a few cycles. An LCG step alone
     * measured 0.12 ns per iteration (below one multiply's latency): C2 had folded the chain, so
     * a difference against it measured nothing. Benchmarks of a checkpoint's cost use this body.
     *
     * @param x the value
     * @return the next value
     */
    public static long step(long x) {
        return x * 6_364_136_223_846_793_005L + TABLE[(int) (x >>> 54)];
    }

    /**
     * The loop without checkpoints.
     *
     * @param x the seed
     * @param n iterations
     * @param rounds xorshift rounds per iteration
     * @return the mixed value
     */
    public static long plain(long x, int n, int rounds) {
        for (int i = 0; i < n; i++) {
            x = mix(x, rounds);
        }
        return x;
    }

    /**
     * The same loop, instrumented at build time.
     *
     * @param x the seed
     * @param n iterations
     * @param rounds xorshift rounds per iteration
     * @return the mixed value
     */
    @PreemptionBudget
    public static long annotated(long x, int n, int rounds) {
        for (int i = 0; i < n; i++) {
            x = mix(x, rounds);
        }
        return x;
    }

    /**
     * One iteration's work.
     *
     * @param x the value
     * @param rounds xorshift rounds after the step
     * @return the mixed value
     */
    static long mix(long x, int rounds) {
        x = step(x);
        for (int r = 0; r < rounds; r++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
