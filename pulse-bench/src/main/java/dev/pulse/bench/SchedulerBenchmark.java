package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.scheduler.VirtualThreadBridge;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * The scheduler, measured through virtual threads on one carrier.
 *
 * <ul>
 *   <li>{@code yieldLoop}: one virtual thread calls {@code Thread.yield()} 10,000 times: each yield
 *       is one poll, so the time per op is the cost of a poll. Schedulers: {@code pulse} (enabled),
 *       {@code pulse-disabled}, {@code bare-fjp} (a plain ForkJoinPool behind the same bridge, which
 *       wraps each poll in a new task), {@code jdk} (the JDK's default scheduler, run with
 *       -Djdk.virtualThreadScheduler.parallelism=1), {@code pulse-no-histograms}, and {@code
 *       pulse-free-clock} (Pulse with a clock that costs nothing and hardly advances: a diagnostic
 *       that shows what Pulse's clock reads cost). Pulse's per-poll overhead is pulse minus
 *       bare-fjp.
 *   <li>{@code pingPong}: two virtual threads unpark each other 10,000 times (throughput).
 *   <li>{@code startJoin}: start 1,000 virtual threads and join them (throughput).
 * </ul>
 *
 * <p>Forced yields are measured in {@link ForcedYieldBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulerBenchmark {

    static final int YIELDS = 10_000;
    static final int THREADS = 1_000;

    @Param({"pulse", "pulse-no-histograms", "pulse-disabled", "bare-fjp", "jdk", "pulse-free-clock"})
    public String scheduler;

    /** The free clock's reading; plain, so racy between threads, which a counter may be. */
    static long ticks;

    private PulseRuntime pulse;
    private ForkJoinPool bare;
    private Thread.Builder.OfVirtual builder;

    @Setup(Level.Trial)
    public void setUp() {
        switch (scheduler) {
            case "pulse" -> {
                pulse = Pulse.builder().name("bench").carriers(1).build();
                builder = pulse.ofVirtual();
            }
            case "pulse-no-histograms" -> {
                pulse = Pulse.builder()
                        .name("bench-nohist")
                        .carriers(1)
                        .pollHistograms(false)
                        .build();
                builder = pulse.ofVirtual();
            }
            case "pulse-disabled" -> {
                pulse = Pulse.builder()
                        .name("bench-off")
                        .carriers(1)
                        .enabled(false)
                        .build();
                builder = pulse.ofVirtual();
            }
            case "pulse-free-clock" -> {
                pulse = Pulse.builder()
                        .name("bench-cc")
                        .carriers(1)
                        .clock(() -> ++ticks)
                        .build();
                builder = pulse.ofVirtual();
            }
            case "bare-fjp" -> {
                bare = new ForkJoinPool(1, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
                builder = VirtualThreadBridge.newVirtualThreadBuilder(bare);
            }
            case "jdk" -> builder = Thread.ofVirtual();
            default -> throw new IllegalArgumentException(scheduler);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pulse != null) {
            pulse.close();
        }
        if (bare != null) {
            bare.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public void yieldLoop() throws InterruptedException {
        OnPulse.yields(builder, YIELDS);
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public void pingPong() throws InterruptedException {
        Thread[] pair = new Thread[2];
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        pair[0] = builder.unstarted(() -> {
            for (int i = 0; i < YIELDS; i++) {
                while (turn.get() != 0) {
                    LockSupport.park();
                }
                turn.set(1);
                LockSupport.unpark(pair[1]);
            }
        });
        pair[1] = builder.unstarted(() -> {
            for (int i = 0; i < YIELDS; i++) {
                while (turn.get() != 1) {
                    LockSupport.park();
                }
                turn.set(0);
                LockSupport.unpark(pair[0]);
            }
        });
        pair[0].start();
        pair[1].start();
        pair[0].join();
        pair[1].join();
    }

    @Benchmark
    @OperationsPerInvocation(THREADS)
    public void startJoin() throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = builder.start(() -> {});
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
