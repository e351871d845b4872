package dev.pulse.snippets;

import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.scheduler.Checkpoints;
import dev.pulse.scheduler.PulseScheduler;
import dev.pulse.scheduler.VirtualThreadBridge;

/** Compiled examples for the Javadoc of {@code dev.pulse.scheduler}. */
final class SchedulerSnippets {
    private SchedulerSnippets() {}

    static void bridge() {
        // @start region=bridge
        if (!VirtualThreadBridge.isAvailable()) {
            System.err.println("start the JVM with " + VirtualThreadBridge.requiredFlag());
        }
        // @end
    }

    static void checkpoint() {
        // @start region=checkpoint
        long sum = 0;
        for (int i = 0; i < 100_000_000; i++) {
            sum += i;
            Checkpoints.checkpoint(); // what Pulse.checkpoint() calls
        }
        // @end
        System.out.println(sum);
    }

    static PulseMetrics scheduler(PulseRuntime pulse) {
        // @start region=scheduler
        PulseScheduler scheduler = (PulseScheduler) pulse.scheduler(); // the Executor the JDK calls per poll
        PulseMetrics m = scheduler.metrics();
        // @end
        return m;
    }

    static long watchdog(PulseRuntime pulse) {
        // @start region=watchdog
        PulseMetrics m = pulse.metrics();
        long handoffs = m.interventions().handoffs(); // carriers the watchdog handed off
        long warnings = m.interventions().warnings(); // slow-task warnings it emitted
        // @end
        return handoffs + warnings;
    }
}
