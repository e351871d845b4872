package dev.pulse.bench;

import dev.pulse.budget.TaskBudget;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TaskState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An empty poll with no hooks, with the no-op hooks (what a disabled Pulse uses), and with enabled
 * hooks that time the poll. Target: no-op hooks indistinguishable from none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HooksBenchmark {

    /** Hooks that do a poll's worth of timing work. */
    static final class TimingHooks implements PreemptionHooks {
        long start;
        long total;

        @Override
        public void beforePoll(TaskState task) {
            start = System.nanoTime();
        }

        @Override
        public void afterPoll(TaskState task, long pollNanos) {
            total += System.nanoTime() - start;
        }

        @Override
        public void onYield(TaskState task) {}
    }

    private PreemptionHooks noop;
    private PreemptionHooks timing;
    private TaskState task;

    @Setup
    public void setUp() {
        noop = PreemptionHooks.noop();
        timing = new TimingHooks();
        task = new TaskState(1, "bench", null, new TaskBudget(4000, 0), 0);
    }

    private static void emptyPoll(Blackhole bh) {
        bh.consume(1);
    }

    @Benchmark
    public void noHooks(Blackhole bh) {
        emptyPoll(bh);
    }

    @Benchmark
    public void noOpHooks(Blackhole bh) {
        noop.beforePoll(task);
        emptyPoll(bh);
        noop.afterPoll(task, 0);
    }

    @Benchmark
    public void enabledHooks(Blackhole bh) {
        timing.beforePoll(task);
        emptyPoll(bh);
        timing.afterPoll(task, 0);
    }
}
