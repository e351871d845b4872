package dev.pulse.tracking;

/**
 * Why a task left {@link dev.pulse.tier.Tier#MONITOR}: the evidence behind its warning. The
 * warning's words depend on it: a task promoted for a hot CPU window yields all the time, and
 * telling its owner it "ran 40 ms in one poll without yielding" would be false. Internal.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=cause}
 */
public enum WarningCause {
    /** One poll still running past the long-poll bar, seen by the watchdog. */
    LONG_POLL,
    /** Slow polls in a row: each held its carrier past the slow-poll threshold. */
    SLOW_POLLS,
    /** Slices overrun in a row: the task reached checkpoints, but past its slice's end. */
    SLICES_OVERRUN,
    /** A CPU window in which the task ran for most of the time, in polls that may all be short. */
    HOT_CPU_WINDOW
}
