package dev.pulse.hooks;

import dev.pulse.tier.TaskState;

/**
 * Hooks that do nothing. A disabled Pulse uses these; the JIT inlines the empty calls away, which
 * the {@code HooksBenchmark} in {@code pulse-bench} shows.
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
