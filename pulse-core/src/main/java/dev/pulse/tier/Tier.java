package dev.pulse.tier;

/**
 * How hard Pulse currently intervenes on a task. A task starts at {@link #MONITOR} and moves one
 * step at a time.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=tier}
 */
public enum Tier {
    /** Measured only. Every task starts here. */
    MONITOR,
    /** Measured, and one warning (JFR event and log line with the stack) per episode. */
    WARN,
    /** Made to yield at checkpoints once its slice is spent. */
    YIELD,
    /** Runs on the isolation carriers, still yielding at slice ends, until it behaves. */
    ISOLATE;

    private static final Tier[] VALUES = values();

    /**
     * The tier with this ordinal, as stored in a {@link dev.pulse.budget.TaskBudget}.
     *
     * @param code an ordinal, 0 to 3
     * @return the tier
     * @throws IllegalArgumentException if {@code code} is out of range
     */
    public static Tier ofCode(int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("tier code must be 0 to " + (VALUES.length - 1) + ", was " + code);
        }
        return VALUES[code];
    }

    /**
     * One step up.
     *
     * @return the next tier; {@link #ISOLATE} stays {@link #ISOLATE}
     */
    public Tier up() {
        return this == ISOLATE ? ISOLATE : VALUES[ordinal() + 1];
    }

    /**
     * One step down.
     *
     * @return the previous tier; {@link #MONITOR} stays {@link #MONITOR}
     */
    public Tier down() {
        return this == MONITOR ? MONITOR : VALUES[ordinal() - 1];
    }
}
