package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.bench.loops.Loops;
import dev.pulse.budget.TaskBudget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The checkpoint fast path. {@code budgetConsume}: {@link TaskBudget#consume(int)} alone.
 * {@code loopWithCheckpoint} vs {@code loopPlain}: a loop of 1M iterations of {@link Loops#step}
 * (the cheapest body the JIT cannot fold) inside a Pulse virtual thread, with and without {@code
 * Pulse.checkpoint()} in it; the difference per iteration is what a checkpoint costs where it is
 * used. {@code checkpointOutsidePulse}: on a
 * platform thread, where it is a no-op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckpointBenchmark {

    static final int LOOP = 1_000_000;

    private TaskBudget budget;
    private PulseRuntime pulse;
    private long seed = 42;

    @Setup(Level.Trial)
    public void setUp() {
        budget = new TaskBudget(TaskBudget.MAX_UNITS, Long.MAX_VALUE);
        pulse = Pulse.builder().name("bench-checkpoint").carriers(1).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pulse.close();
    }

    @Benchmark
    public boolean budgetConsume() {
        boolean exhausted = budget.consume(1);
        if (exhausted) {
            budget.refill(TaskBudget.MAX_UNITS);
        }
        return exhausted;
    }

    @Benchmark
    public void checkpointOutsidePulse() {
        Pulse.checkpoint();
    }

    private long runOnPulse(boolean checkpoints) throws InterruptedException {
        seed = OnPulse.run(pulse, seed, start -> {
            long x = start;
            for (int i = 0; i < LOOP; i++) {
                x = Loops.step(x);
                if (checkpoints) {
                    Pulse.checkpoint();
                }
            }
            return x;
        });
        return seed;
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public long loopWithCheckpoint() throws InterruptedException {
        return runOnPulse(true);
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public long loopPlain() throws InterruptedException {
        return runOnPulse(false);
    }
}
