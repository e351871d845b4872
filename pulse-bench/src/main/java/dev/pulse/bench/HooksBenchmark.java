package dev.pulse.bench;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TaskState;
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
 * What user hooks cost on the path Pulse runs: one poll of a virtual thread on one carrier (the
 * thread yields 10,000 times), with no hooks set and with hooks that count every call. Pulse
 * never calls the no-op hooks (it checks once whether any are set), so "hooks unset" is the cost
 * of that check inside a real poll; "counting" adds three interface calls per poll.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HooksBenchmark {

    static final int YIELDS = 10_000;

    /** Hooks that count what Pulse reports; one carrier, so plain fields. */
    static final class CountingHooks implements PreemptionHooks {
        long polls;
        long pollNanos;
        long yields;

        @Override
        public void beforePoll(TaskState task) {
            polls++;
        }

        @Override
        public void afterPoll(TaskState task, long nanos) {
            pollNanos += nanos;
        }

        @Override
        public void onYield(TaskState task) {
            yields++;
        }
    }

    /** {@code unset}: no hooks given to the builder; {@code counting}: {@link CountingHooks}. */
    @Param({"unset", "counting"})
    public String hooks;

    private PulseRuntime pulse;
    private CountingHooks counting;

    @Setup(Level.Trial)
    public void setUp() {
        PulseRuntime.Builder builder =
                Pulse.builder().name("bench-hooks-" + hooks).carriers(1);
        if (hooks.equals("counting")) {
            counting = new CountingHooks();
            builder.hooks(counting);
        }
        pulse = builder.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pulse.close();
        if (counting != null && counting.polls == 0) {
            throw new IllegalStateException("the counting hooks were never called");
        }
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public void poll() throws InterruptedException {
        OnPulse.yields(pulse.ofVirtual(), YIELDS);
    }
}
