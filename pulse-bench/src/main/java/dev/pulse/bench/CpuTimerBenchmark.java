package dev.pulse.bench;

import dev.pulse.timing.ClockGettimeTimer;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.ThreadMXBeanTimer;
import dev.pulse.timing.WallClockTimer;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Each CPU timer beside the raw call it wraps (Linux). Target: each within 10 % of its raw call. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CpuTimerBenchmark {

    private CpuTimer linux;
    private CpuTimer mxBeanTimer;
    private CpuTimer wall;
    private ThreadMXBean bean;
    private MethodHandle rawClockGettime;
    private MemorySegment timespec;

    @Setup
    @SuppressWarnings("restricted")
    public void setUp() {
        linux = ClockGettimeTimer.linux();
        mxBeanTimer = ThreadMXBeanTimer.create();
        wall = WallClockTimer.INSTANCE;
        bean = ManagementFactory.getThreadMXBean();
        Linker linker = Linker.nativeLinker();
        rawClockGettime = linker.downcallHandle(
                linker.defaultLookup().find("clock_gettime").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        timespec = Arena.ofAuto().allocate(16, 8);
    }

    @Benchmark
    public long linuxTimer() {
        return linux.nowNanos();
    }

    @Benchmark
    public long rawClockGettime() throws Throwable {
        int rc = (int) rawClockGettime.invokeExact(3, timespec);
        return rc + timespec.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + timespec.get(ValueLayout.JAVA_LONG, 8);
    }

    @Benchmark
    public long mxBeanTimer() {
        return mxBeanTimer.nowNanos();
    }

    @Benchmark
    public long rawMxBean() {
        return bean.getCurrentThreadCpuTime();
    }

    @Benchmark
    public long wallClockTimer() {
        return wall.nowNanos();
    }

    @Benchmark
    public long rawNanoTime() {
        return System.nanoTime();
    }
}
