package dev.pulse.tier;

/**
 * What the caller of {@link TierManager#applyIntervention(TaskState, long)} must do now, at a
 * checkpoint whose budget ran out.
 *
 * {@snippet class=dev.pulse.snippets.TierSnippets region=action}
 */
public enum InterventionAction {
    /** Go on running: refill the budget (and start a new slice if the last one ended). */
    CONTINUE,
    /** Yield the carrier now ({@code Thread.yield()}); the task is queued again at the tail. */
    YIELD,
    /**
     * Yield now; the task's tier is {@link Tier#ISOLATE}, so its next poll runs on the isolation
     * carriers.
     */
    ISOLATE
}
