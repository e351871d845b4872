package dev.pulse.snippets;

import dev.pulse.CheckpointAbi;
import dev.pulse.Limits;
import dev.pulse.PreemptionBudget;
import dev.pulse.Pulse;
import dev.pulse.PulseConfig;
import dev.pulse.PulseInstrumented;
import dev.pulse.PulseRuntime;
import dev.pulse.TaskHandle;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.TierPolicy;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** Compiled examples for the Javadoc of {@code dev.pulse}. */
final class PulseSnippets {
    private PulseSnippets() {}

    static void quickstart(Runnable task) throws Exception {
        // @start region=quickstart
        // java --add-opens java.base/java.lang=ALL-UNNAMED ...
        try (PulseRuntime pulse = Pulse.builder().carriers(2).build()) {
            Thread t = pulse.ofVirtual().name("worker-", 0).start(task);
            ExecutorService perTask = pulse.newThreadPerTaskExecutor(); // for servers and frameworks
            ThreadFactory factory = pulse.threadFactory();
            Future<Long> total = perTask.submit(() -> {
                long sum = 0;
                for (long i = 0; i < 1_000_000_000L; i++) {
                    sum += i;
                    Pulse.checkpoint(); // cheap; yields when this task hogs its carrier
                }
                return sum;
            });
            t.join();
            System.out.println("sum " + total.get());
            perTask.close();
            PulseMetrics m = pulse.metrics();
            System.out.println(m.interventions().forcedYields() + " forced yields; factory " + factory);
        }
        // @end
    }

    static long checkpointWithSlice(long[] values) {
        // @start region=checkpointWithSlice
        long sum = 0;
        for (long v : values) {
            sum += v * v;
            Pulse.checkpoint(4, 500_000); // 4 units per step; yield after 0.5 ms in a hog tier
        }
        // @end
        return sum;
    }

    // @start region=annotation
    @PreemptionBudget // with -javaagent:pulse-agent.jar, or after ./pulse instrument
    static long sumOfSquares(long n) {
        long sum = 0;
        for (long i = 0; i < n; i++) { // a checkpoint is inserted at this loop's back-edge
            sum += i * i;
        }
        return sum;
    }

    @PreemptionBudget(units = 8, sliceMicros = 500) // heavier steps; a 0.5 ms slice here
    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
    // @end

    static PulseConfig config() {
        // @start region=config
        PulseConfig config = Pulse.builder()
                .name("api")
                .carriers(4)
                .isolationCarriers(2)
                .slice(Duration.ofMillis(2))
                .budgetUnits(4000)
                .handoffAfter(Duration.ofMillis(20))
                .maxExtraCarriers(16)
                .tierPolicy(TierPolicy.defaults())
                .toConfig(); // validated; .build() starts the runtime
        // @end
        return config;
    }

    // @start region=abi
    // What `./pulse instrument` makes of a @PreemptionBudget method, written as Java:
    @PulseInstrumented(abi = CheckpointAbi.VERSION)
    static final class Instrumented {
        long sum(long n) {
            TaskHandle task = CheckpointAbi.task(); // once per call
            CheckpointAbi.checkpoint(task); // at entry
            long total = 0;
            for (long i = 0; i < n; i++) {
                total += i;
                CheckpointAbi.checkpoint(task); // at each back-edge
            }
            return total;
        }
    }

    static int abiOf(Class<?> type) {
        return CheckpointAbi.versionOf(type); // 1 for Instrumented, 0 for a class Pulse did not touch
    }
    // @end

    static void limits(int units) {
        // @start region=limits
        int checked = Limits.checkUnits("my budget units", units); // "... must be between 1 and 65535, was 0"
        Pulse.checkpoint(checked, Limits.MIN_SLICE_NANOS);
        // @end
    }

    static boolean unavailable() {
        // @start region=unavailable
        java.util.Optional<String> why = Pulse.unavailableReason();
        if (why.isPresent()) {
            System.err.println("running without Pulse: " + why.get()); // names the JVM flag to add
        }
        // @end
        return why.isEmpty();
    }
}
