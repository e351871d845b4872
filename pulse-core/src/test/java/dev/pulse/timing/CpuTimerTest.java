package dev.pulse.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each timer that works on this machine, for real, on a platform thread. Wide margins. */
class CpuTimerTest {

    static Stream<CpuTimer> timers() {
        boolean linux =
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
        List<CpuTimer> list = linux
                ? List.of(ClockGettimeTimer.linux(), ThreadMXBeanTimer.create(), WallClockTimer.INSTANCE)
                : List.of(ThreadMXBeanTimer.create(), WallClockTimer.INSTANCE);
        return list.stream();
    }

    private static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x++;
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("timers")
    void isMonotonicOnOneThread(CpuTimer timer) {
        long previous = timer.nowNanos();
        for (int i = 0; i < 10_000; i++) {
            long now = timer.nowNanos();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
    }

    @ParameterizedTest
    @MethodSource("timers")
    void advancesWithWork(CpuTimer timer) {
        long before = timer.nowNanos();
        assertThat(spin(50_000_000)).isPositive();
        long used = timer.nowNanos() - before;
        // 50 ms of spinning: at least 10 ms even on a loaded machine, and not more than 5 s
        assertThat(used).isBetween(10_000_000L, 5_000_000_000L);
    }

    @ParameterizedTest
    @MethodSource("timers")
    void barelyAdvancesWhileTheThreadSleepsUnlessItIsWallTime(CpuTimer timer) throws InterruptedException {
        long before = timer.nowNanos();
        Thread.sleep(200);
        long used = timer.nowNanos() - before;
        if (timer.measuresCpuTime()) {
            assertThat(used).as(timer.name() + " CPU time over a 200 ms sleep").isLessThan(50_000_000L);
        } else {
            assertThat(used).as("wall time over a 200 ms sleep").isGreaterThanOrEqualTo(150_000_000L);
        }
    }

    @ParameterizedTest
    @MethodSource("timers")
    void calibratesOnceWithSaneFigures(CpuTimer timer) {
        Calibration c = timer.calibration();
        assertThat(c).isSameAs(timer.calibration());
        assertThat(timer.overheadNanos()).isBetween(1L, 100_000L);
        assertThat(timer.resolutionNanos()).isBetween(1L, 20_000_000L);
        assertThat(c.samples()).isEqualTo(Calibration.SAMPLES);
        assertThat(timer.toString()).isEqualTo(timer.name());
    }

    @ParameterizedTest
    @MethodSource("timers")
    void passesTheSelectionProbe(CpuTimer timer) {
        assertThat(CpuTimers.probe(timer)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void linuxTimerReadsTheLinuxClockId() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"));
        ClockGettimeTimer timer = ClockGettimeTimer.linux();
        assertThat(timer.clockId()).isEqualTo(3);
        assertThat(timer.name()).isEqualTo("linux-clock_gettime");
        assertThat(timer.measuresCpuTime()).isTrue();
        assertThat(ClockGettimeTimer.toNanos(2, 5)).isEqualTo(2_000_000_005L);
    }

    @org.junit.jupiter.api.Test
    void bestOnLinuxIsTheFfmTimer() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"));
        assertThat(CpuTimers.best().name()).isEqualTo("linux-clock_gettime");
        assertThat(CpuTimers.available())
                .extracting(CpuTimer::name)
                .startsWith("linux-clock_gettime")
                .contains("ThreadMXBean")
                .endsWith("nanoTime-fallback (wall time)");
    }

    @org.junit.jupiter.api.Test
    void macTimerIsBuiltButCannotReadItsClockIdOnLinux() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"));
        ClockGettimeTimer mac = ClockGettimeTimer.macos();
        assertThat(mac.clockId()).isEqualTo(16);
        assertThat(mac.name()).isEqualTo("macos-clock_gettime");
        // clock id 16 is not a Linux clock: the call fails, and selection must skip such a timer
        org.assertj.core.api.Assertions.assertThatThrownBy(mac::nowNanos).isInstanceOf(IllegalStateException.class);
        assertThat(CpuTimers.select(
                                "Mac OS X",
                                kind -> kind == CpuTimerKind.MACOS_CLOCK_GETTIME ? mac : CpuTimers.create(kind))
                        .name())
                .isEqualTo("ThreadMXBean");
    }

    @org.junit.jupiter.api.Test
    void windowsTimerCannotLoadOutsideWindows() {
        assumeTrue(!System.getProperty("os.name")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("windows"));
        org.assertj.core.api.Assertions.assertThatThrownBy(WindowsCycleTimer::create)
                .isInstanceOf(IllegalArgumentException.class);
    }
}
