package dev.pulse.bench.loops;

import dev.pulse.PreemptionBudget;

/**
 * The same loop twice, for {@code AgentLoopBenchmark}: {@link #annotated} carries {@code
 * @PreemptionBudget}, which the build's {@code pulse-instrument} step turns into a checkpoint at
 * method entry and one per iteration; {@link #plain} stays as written. Each iteration is one LCG
 * step plus {@code rounds} xorshift rounds (in {@link #mix}, which has no annotation and so no
 * checkpoint).
 */
public final class Loops {

    private Loops() {}

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
     * @param rounds xorshift rounds after the LCG step
     * @return the mixed value
     */
    static long mix(long x, int rounds) {
        x = x * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
        for (int r = 0; r < rounds; r++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
