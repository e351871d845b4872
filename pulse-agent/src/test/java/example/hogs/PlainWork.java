package example.hogs;

/**
 * A CPU-bound job with no checkpoint and no annotation: what adaptive checkpoints must find by
 * themselves.
 */
public final class PlainWork {
    private PlainWork() {}

    /**
     * Burns about {@code millis} of CPU in a plain loop.
     *
     * @param millis how long
     * @return the mixed value
     */
    public static long job(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long x = 0x9E3779B97F4A7C15L;
        while (System.nanoTime() < end) {
            for (int round = 0; round < 16; round++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        }
        return x;
    }
}
