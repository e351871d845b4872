package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import dev.pulse.tracking.TrackedTask;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * A forced yield against a plain {@code Thread.yield()}, on the same Pulse runtime (one carrier).
 *
 * <p>A forced yield happens when a task at tier YIELD reaches a checkpoint after its slice has
 * ended. Spinning a real slice would bury the yield's cost under the slice, so the runtime's clock
 * is {@code System.nanoTime()} plus a skew, and the task moves the skew on by one slice just
 * before each checkpoint: every checkpoint then finds its slice over, with no time spent spinning.
 * The clock is otherwise real: a poll's length is its real length plus the one slice.
 *
 * <p>That length decides which path the poll's end takes, so {@code sliceMicros} names it: at 10
 * µs a poll stays under the 50 µs slow-poll threshold and is charged its wall time (the yield
 * mechanism alone); at 100 µs it passes the threshold and the carrier reads its CPU clock once
 * (a system call), as it does at the end of every real slice (default 1 ms). {@code plainYield} is the
 * plain yield on the same runtime, whose polls are short.
 *
 * <p>(The first version of this benchmark used a clock that moved 1 ms at every read, so every
 * poll was slow and paid the CPU-clock call; it reported 3.5x a plain yield.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForcedYieldBenchmark {

    static final int YIELDS = 10_000;

    /** The slice: 10 µs (short polls) or 100 µs (polls past the slow-poll threshold). */
    @Param({"10", "100"})
    public int sliceMicros;

    /** Written by the one task that moves it, read by the carrier it runs on: volatile for clarity, not atomicity. */
    private volatile long skew;

    private long sliceNanos;
    private PulseRuntime pulse;

    @Setup(Level.Trial)
    public void setUp() {
        sliceNanos = TimeUnit.MICROSECONDS.toNanos(sliceMicros);
        pulse = Pulse.builder()
                .name("bench-forced-" + sliceMicros)
                .carriers(1)
                .budgetUnits(1) // every checkpoint checks the slice
                .slice(Duration.ofNanos(sliceNanos))
                .handoffAfter(Duration.ofHours(1))
                .clock(() -> System.nanoTime() + skew)
                .tierPolicy(TierPolicy.builder().maxTier(Tier.YIELD).build())
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pulse.close();
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public void plainYield() throws InterruptedException {
        OnPulse.yields(pulse.ofVirtual(), YIELDS);
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the task
    public long forcedYield() throws InterruptedException {
        long[] yields = new long[1];
        pulse.ofVirtual()
                .start(() -> {
                    TrackedTask state = pulse.tasks().stream()
                            .filter(t -> t.thread() == Thread.currentThread())
                            .map(TrackedTask.class::cast)
                            .findFirst()
                            .orElseThrow();
                    state.setTier(Tier.YIELD.ordinal());
                    long before = state.forcedYields();
                    for (int i = 0; i < YIELDS; i++) {
                        skew = skew + sliceNanos; // this checkpoint finds the slice over: see the class comment
                        Pulse.checkpoint();
                    }
                    yields[0] = state.forcedYields() - before;
                })
                .join();
        if (yields[0] != YIELDS) {
            throw new IllegalStateException("expected " + YIELDS + " forced yields, got " + yields[0]);
        }
        return yields[0];
    }
}
