package dev.pulse.snippets;

import dev.pulse.timing.Calibration;
import dev.pulse.timing.ClockGettimeTimer;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.CpuTimerKind;
import dev.pulse.timing.CpuTimers;
import dev.pulse.timing.CycleRate;
import dev.pulse.timing.FallbackCpuTimer;
import dev.pulse.timing.NanoClock;
import dev.pulse.timing.ThreadMXBeanTimer;
import dev.pulse.timing.WallClockTimer;
import dev.pulse.timing.WindowsCycleTimer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Compiled examples for the Javadoc of {@code dev.pulse.timing}. */
final class TimingSnippets {
    private TimingSnippets() {}

    static long nanoclock() {
        // @start region=nanoclock
        AtomicLong fakeTime = new AtomicLong();
        NanoClock fake = fakeTime::get; // tests advance fakeTime by hand
        fakeTime.addAndGet(1_000_000);
        long now = fake.nanoTime(); // 1 ms
        // @end
        return now + NanoClock.system().nanoTime();
    }

    static long cputimer() {
        // @start region=cputimer
        CpuTimer timer = CpuTimers.best();
        long before = timer.nowNanos();
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += i;
        }
        long cpuNanos = timer.nowNanos() - before;
        System.out.println(timer.name() + ": " + cpuNanos + " ns of CPU, sum " + sum);
        // @end
        return cpuNanos;
    }

    static Calibration calibration() {
        // @start region=calibration
        Calibration c = Calibration.measure(WallClockTimer.INSTANCE);
        System.out.println(c.overheadNanos() + " ns per call, resolution " + c.resolutionNanos() + " ns");
        // @end
        return c;
    }

    static long clockgettime() {
        // @start region=clockgettime
        CpuTimer linux = ClockGettimeTimer.linux(); // needs --enable-native-access
        long cpu = linux.nowNanos();
        // @end
        return cpu;
    }

    static long windows() {
        // @start region=windows
        WindowsCycleTimer timer = WindowsCycleTimer.create(); // Windows only: measures its cycle rate
        long cpu = timer.nowNanos();
        double nanosPerCycle = timer.rate().nanosPerCycle();
        // @end
        return cpu + (long) nanosPerCycle;
    }

    static long cyclerate() {
        // @start region=cyclerate
        CycleRate rate = CycleRate.of(3_000_000_000L, 1_000_000_000L); // a 3 GHz clock
        long nanos = rate.toNanos(3_000); // 1000 ns
        // @end
        return nanos;
    }

    static long mxbean() {
        // @start region=mxbean
        CpuTimer timer = ThreadMXBeanTimer.create();
        long cpu = timer.nowNanos(); // -1 on a virtual thread
        // @end
        return cpu;
    }

    static long wallclock() {
        // @start region=wallclock
        CpuTimer fallback = WallClockTimer.INSTANCE;
        boolean cpu = fallback.measuresCpuTime(); // false: wall time
        // @end
        return cpu ? 1 : fallback.nowNanos();
    }

    static List<CpuTimerKind> kinds() {
        // @start region=kinds
        List<CpuTimerKind> linux = CpuTimerKind.candidatesFor("Linux");
        // [LINUX_CLOCK_GETTIME, THREAD_MX_BEAN, WALL_CLOCK]
        // @end
        return linux;
    }

    static CpuTimer best() {
        // @start region=best
        CpuTimer timer = CpuTimers.best(); // never throws; the wall clock if nothing else works
        for (CpuTimer t : CpuTimers.available()) {
            System.out.printf("%-32s %5d ns%n", t.name(), t.overheadNanos());
        }
        // @end
        return timer;
    }

    /** A timer that falls back to the wall clock when the real one fails. */
    static long fallback() {
        // @start region=fallback
        CpuTimer timer = new FallbackCpuTimer(
                CpuTimers.best(), failure -> System.err.println("CPU timer failed, using the wall clock: " + failure));
        long cpu = timer.nowNanos(); // CPU time, or wall time once the real timer has failed
        // @end
        return cpu;
    }
}
