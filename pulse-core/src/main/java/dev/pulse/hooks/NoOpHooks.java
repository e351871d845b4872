package dev.pulse.hooks;

import dev.pulse.tier.TaskState;

/**
 * Hooks that do nothing: the default when no hooks are configured. A runtime recognises them and
 * makes no hook call at all (each poll tests one reference), so unset hooks cost nothing, which
 * the {@code HooksBenchmark} in {@code pulse-bench} measures. A disabled runtime calls no hooks,
 * whatever is configured.
 *
 * {@snippet class=dev.pulse.snippets.HookSnippets region=noop}
 */
public final class NoOpHooks implements PreemptionHooks {

    /** The one instance. */
    public static final NoOpHooks INSTANCE = new NoOpHooks();

    private NoOpHooks() {}

    @Override
    public void beforePoll(TaskState task) {
        // nothing
    }

    @Override
    public void afterPoll(TaskState task, long pollNanos) {
        // nothing
    }

    @Override
    public void onYield(TaskState task) {
        // nothing
    }
}
