package dev.pulse.snippets;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.scheduler.Carrier;
import dev.pulse.scheduler.CarrierPool;
import dev.pulse.scheduler.Checkpoints;
import dev.pulse.scheduler.Faults;
import dev.pulse.scheduler.PulseScheduler;
import dev.pulse.scheduler.ScheduledTask;
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

    static long faults() {
        // @start region=faults
        Faults faults = new Faults("my-runtime");
        faults.report("user hook afterPoll", new IllegalStateException("boom")); // logged once, counted
        long count = faults.count();
        // @end
        return count;
    }

    static int carrier(PulseRuntime pulse) {
        // @start region=carrier
        int busy = 0;
        for (Carrier c : pulse.scheduler().mainPool().carriers()) {
            if (c.currentTask() != null) {
                busy++; // in a poll since c.pollStartNanos()
            }
        }
        // @end
        return busy;
    }

    static long pool(PulseRuntime pulse) {
        // @start region=pool
        CarrierPool main = pulse.scheduler().mainPool();
        System.out.println(
                main.size() + " carriers, " + main.extraCarriers() + " extra, " + main.handoffs() + " handoffs");
        // @end
        return main.handoffs();
    }

    static void task() throws InterruptedException {
        // @start region=task
        try (PulseRuntime pulse = Pulse.builder().build()) {
            Thread t = pulse.ofVirtual().start(() -> {
                ScheduledTask self = Checkpoints.currentTask(); // this thread's task
                System.out.println(self.taskState().tier());
            });
            t.join();
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
        PulseScheduler scheduler = pulse.scheduler(); // the Executor the JDK calls per poll
        PulseMetrics m = scheduler.metrics();
        // @end
        return m;
    }

    static long watchdog(PulseRuntime pulse) {
        // @start region=watchdog
        PulseMetrics m = pulse.metrics();
        long handoffs = m.handoffs(); // carriers the watchdog handed off
        long warnings = m.warnings(); // slow-task warnings it emitted
        // @end
        return handoffs + warnings;
    }
}
