package dev.pulse.timing;

/**
 * What one {@link CpuTimer} costs and resolves on this machine.
 *
 * <p>Measured by {@link #measure(CpuTimer)}: a warm-up of up to 20 ms, then {@code samples} back-to-back calls
 * timed with {@link System#nanoTime()} for the cost, and the smallest positive step between
 * consecutive readings for the resolution. Taken on a busy machine the cost is an upper bound.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=calibration}
 *
 * @param overheadNanos mean nanoseconds per call, at least 1
 * @param resolutionNanos smallest positive step seen between consecutive readings, at least 1
 * @param samples calls timed
 */
public record Calibration(long overheadNanos, long resolutionNanos, int samples) {

    /** Calls timed by {@link #measure(CpuTimer)}. */
    public static final int SAMPLES = 20_000;

    /**
     * Validates the figures.
     *
     * @throws IllegalArgumentException if a figure is below 1
     */
    public Calibration {
        if (overheadNanos < 1 || resolutionNanos < 1 || samples < 1) {
            throw new IllegalArgumentException("Calibration figures must be >= 1, were overheadNanos=" + overheadNanos
                    + ", resolutionNanos=" + resolutionNanos + ", samples=" + samples);
        }
    }

    /**
     * Measures {@code timer} on the calling thread.
     *
     * @param timer the timer to measure
     * @return its calibration
     */
    public static Calibration measure(CpuTimer timer) {
        long sink = 0;
        long warm = System.nanoTime() + 20_000_000L; // 20 ms: long enough for the JIT to compile the call
        for (int i = 0; i < 200_000 && System.nanoTime() < warm; i++) {
            sink += timer.nowNanos();
        }
        long start = System.nanoTime();
        for (int i = 0; i < SAMPLES; i++) {
            sink += timer.nowNanos();
        }
        long elapsed = System.nanoTime() - start;
        long overhead = Math.max(1, elapsed / SAMPLES);

        long resolution = Long.MAX_VALUE;
        long previous = timer.nowNanos();
        long giveUp = System.nanoTime() + 20_000_000L;
        for (int i = 0; i < SAMPLES && System.nanoTime() < giveUp; i++) {
            long now = timer.nowNanos();
            long step = now - previous;
            if (step > 0 && step < resolution) {
                resolution = step;
            }
            previous = now;
        }
        if (resolution == Long.MAX_VALUE) {
            resolution = Math.max(1, System.nanoTime() - giveUp + 20_000_000L);
        }
        if (sink == 42) { // keeps the loops from being optimised away
            Thread.onSpinWait();
        }
        return new Calibration(overhead, Math.max(1, resolution), SAMPLES);
    }
}
