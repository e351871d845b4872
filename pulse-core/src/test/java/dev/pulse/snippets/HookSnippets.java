package dev.pulse.snippets;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TaskState;
import java.util.concurrent.atomic.LongAdder;

/** Compiled examples for the Javadoc of {@code dev.pulse.hooks}. */
final class HookSnippets {
    private HookSnippets() {}

    static long hooks() {
        // @start region=hooks
        LongAdder longPolls = new LongAdder();
        PreemptionHooks hooks = new PreemptionHooks() {
            @Override
            public void beforePoll(TaskState task) {}

            @Override
            public void afterPoll(TaskState task, long pollNanos) {
                if (pollNanos > 1_000_000) {
                    longPolls.increment();
                }
            }

            @Override
            public void onYield(TaskState task) {}
        };
        try (PulseRuntime pulse = Pulse.builder().hooks(hooks).build()) {
            pulse.ofVirtual().start(() -> {}).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // @end
        return longPolls.sum();
    }

    static PreemptionHooks noop() {
        // @start region=noop
        PreemptionHooks none = PreemptionHooks.noop();
        // @end
        return none;
    }
}
