package dev.pulse.load;

/**
 * What a heavy request does on the server side of a load test: CPU for a set time with no
 * allocation, no lock, no blocking call and no checkpoint, the kind of code that keeps a carrier
 * until it is done.
 *
 * {@snippet :
 * long result = CpuBurn.forMillis(300); // return something from it, so the JIT keeps the loop
 * }
 */
public final class CpuBurn {
    private CpuBurn() {}

    /**
     * Burns CPU.
     *
     * @param millis how long, 0 or more
     * @return a value computed by the loop
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static long forMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("CPU burn needs 0 ms or more, got " + millis);
        }
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }
}
