package dev.pulse.tracking;

import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;

/**
 * Told of every tier change a {@link TierManager} makes, on the thread that made it (a carrier or
 * the watchdog). Must be quick and must not block; an exception it throws is caught by the
 * manager's caller.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=listener}
 */
@FunctionalInterface
public interface TierChangeListener {

    /** Ignores every change. */
    TierChangeListener NONE = (task, from, to, reason) -> {};

    /**
     * A task changed tier.
     *
     * @param task the task
     * @param from its tier before
     * @param to its tier now
     * @param reason why, in a few words (for example {@code "3 slow polls"})
     */
    void tierChanged(TaskState task, Tier from, Tier to, String reason);
}
