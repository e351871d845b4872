package example.adaptive.lib;

/** A library's loop, for {@code adaptive-exclude}. */
public final class LibraryLoop {
    private LibraryLoop() {}

    /**
     * Mixes {@code rounds} times.
     *
     * @param x the value
     * @param rounds how many rounds
     * @return the mixed value
     */
    public static long mix(long x, int rounds) {
        long v = x;
        for (int i = 0; i < rounds; i++) {
            v ^= v << 13;
            v ^= v >>> 7;
            v ^= v << 17;
        }
        return v;
    }
}
