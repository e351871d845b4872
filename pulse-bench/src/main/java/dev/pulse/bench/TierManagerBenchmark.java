package dev.pulse.bench;

import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import dev.pulse.tracking.TierChangeListener;
import dev.pulse.tracking.TierManager;
import dev.pulse.tracking.TrackedTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The after-poll cost: {@link TierManager#recordPoll} for a fast poll. Target: at most 30 ns. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TierManagerBenchmark {

    private TierManager manager;
    private TrackedTask task;
    private long now;

    @Setup
    public void setUp() {
        manager = new TierManager(TierPolicy.defaults(), TierChangeListener.NONE);
        task = manager.register(1, "bench", null, 4000, 0, 0);
    }

    @Benchmark
    public Tier afterPoll() {
        now += 10_000;
        return manager.recordPoll(task, 2_000, 2_000, 500, now);
    }
}
