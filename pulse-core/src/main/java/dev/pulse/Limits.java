package dev.pulse;

/**
 * The bounds on budget units and slices, in one place: the runtime's configuration, the checkpoint
 * path, {@link PreemptionBudget} and the agent's options all check against these, with the same
 * message.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=limits}
 */
public final class Limits {

    /** The most budget units a runtime's budget or one checkpoint may hold: 65535. */
    public static final int MAX_UNITS = Character.MAX_VALUE;

    /** The shortest slice: 10 µs. */
    public static final long MIN_SLICE_NANOS = 10_000;

    /** The longest slice: 1 s. */
    public static final long MAX_SLICE_NANOS = 1_000_000_000;

    private Limits() {}

    /**
     * Checks a number of budget units.
     *
     * @param what what the number is, for the message (for example {@code "Pulse budgetUnits"})
     * @param units the number
     * @return {@code units}
     * @throws IllegalArgumentException if {@code units} is not 1 to {@value #MAX_UNITS}
     */
    public static int checkUnits(String what, int units) {
        if (units < 1 || units > MAX_UNITS) {
            throw new IllegalArgumentException(what + " must be between 1 and " + MAX_UNITS + ", was " + units);
        }
        return units;
    }

    /**
     * Checks a slice, in nanoseconds.
     *
     * @param what what the slice is, for the message
     * @param sliceNanos the slice
     * @param zeroAllowed whether 0 (meaning "the runtime's slice") is accepted
     * @return {@code sliceNanos}
     * @throws IllegalArgumentException if the slice is out of range
     */
    public static long checkSliceNanos(String what, long sliceNanos, boolean zeroAllowed) {
        if ((sliceNanos == 0 && zeroAllowed) || (sliceNanos >= MIN_SLICE_NANOS && sliceNanos <= MAX_SLICE_NANOS)) {
            return sliceNanos;
        }
        throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? "0 (the runtime's) or " : "")
                + "between 10 us and 1 s (" + MIN_SLICE_NANOS + " to " + MAX_SLICE_NANOS + " ns), was " + sliceNanos
                + " ns");
    }
}
