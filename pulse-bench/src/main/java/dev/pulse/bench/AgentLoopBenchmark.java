package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.bench.loops.Loops;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent's checkpoints cost: {@link Loops#annotated} (instrumented at build time, one
 * checkpoint per iteration) against {@link Loops#plain}, 1M iterations inside a Pulse virtual
 * thread, per iteration. {@code rounds} sets the body: 0 is {@link Loops#step} alone (the cheapest
 * body the JIT cannot fold: the worst case), 16 and 64 add xorshift rounds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentLoopBenchmark {

    static final int LOOP = 1_000_000;

    /** Xorshift rounds per iteration. */
    @Param({"0", "16", "64"})
    public int rounds;

    private PulseRuntime pulse;
    private long seed = 42;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        pulse = Pulse.builder().name("bench-agent-loop").carriers(1).build();
        long before = pulse.metrics().interventions().budgetExhaustions();
        run(x -> Loops.annotated(x, LOOP, 0));
        if (pulse.metrics().interventions().budgetExhaustions() == before) {
            throw new IllegalStateException(
                    "Loops.annotated has no checkpoints: build pulse-bench with Maven, whose pulse-instrument"
                            + " step inserts them");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pulse.close();
    }

    private long run(LongUnaryOperator loop) throws InterruptedException {
        seed = OnPulse.run(pulse, seed, loop);
        return seed;
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public long instrumented() throws InterruptedException {
        int r = rounds;
        return run(x -> Loops.annotated(x, LOOP, r));
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public long plain() throws InterruptedException {
        int r = rounds;
        return run(x -> Loops.plain(x, LOOP, r));
    }
}
