package dev.pulse.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pure logic of timer selection, driven with fake timers: runs the same on every OS. */
class CpuTimersSelectionTest {

    static final class FakeTimer extends CpuTimer {
        final String name;
        final long[] readings;
        int next;

        FakeTimer(String name, long... readings) {
            this.name = name;
            this.readings = readings;
        }

        @Override
        public long nowNanos() {
            return readings[Math.min(next++, readings.length - 1)];
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean measuresCpuTime() {
            return true;
        }
    }

    @Test
    void candidatesDependOnTheOperatingSystem() {
        assertThat(CpuTimerKind.candidatesFor("Linux"))
                .containsExactly(
                        CpuTimerKind.LINUX_CLOCK_GETTIME, CpuTimerKind.THREAD_MX_BEAN, CpuTimerKind.WALL_CLOCK);
        assertThat(CpuTimerKind.candidatesFor("Mac OS X"))
                .containsExactly(
                        CpuTimerKind.MACOS_CLOCK_GETTIME, CpuTimerKind.THREAD_MX_BEAN, CpuTimerKind.WALL_CLOCK);
        assertThat(CpuTimerKind.candidatesFor("Windows 11"))
                .containsExactly(CpuTimerKind.WINDOWS_CYCLES, CpuTimerKind.THREAD_MX_BEAN, CpuTimerKind.WALL_CLOCK);
        assertThat(CpuTimerKind.candidatesFor("FreeBSD"))
                .containsExactly(CpuTimerKind.THREAD_MX_BEAN, CpuTimerKind.WALL_CLOCK);
        assertThat(CpuTimerKind.candidatesFor(null))
                .containsExactly(CpuTimerKind.THREAD_MX_BEAN, CpuTimerKind.WALL_CLOCK);
    }

    @Test
    void picksTheFirstCandidateThatWorks() {
        List<CpuTimerKind> asked = new ArrayList<>();
        CpuTimer chosen = CpuTimers.select("Windows 10", kind -> {
            asked.add(kind);
            return new FakeTimer(kind.name(), 1, 2);
        });
        assertThat(chosen.name()).isEqualTo("WINDOWS_CYCLES");
        assertThat(asked).containsExactly(CpuTimerKind.WINDOWS_CYCLES);
    }

    @Test
    void skipsTimersThatThrowOrFailTheProbeAndNeverThrows() {
        List<CpuTimerKind> asked = new ArrayList<>();
        CpuTimer chosen = CpuTimers.select("Windows 10", kind -> {
            asked.add(kind);
            return switch (kind) {
                case WINDOWS_CYCLES -> throw new IllegalCallerException("native access denied");
                case THREAD_MX_BEAN -> new FakeTimer("backwards", 10, 5); // fails the probe
                default -> new FakeTimer("fine", 1, 1);
            };
        });
        assertThat(asked)
                .containsExactly(CpuTimerKind.WINDOWS_CYCLES, CpuTimerKind.THREAD_MX_BEAN, CpuTimerKind.WALL_CLOCK);
        assertThat(chosen.name()).isEqualTo("fine");
    }

    @Test
    void fallsBackToWallTimeWhenEverythingFails() {
        CpuTimer chosen = CpuTimers.select("Linux", kind -> {
            throw new UnsupportedOperationException(kind.name());
        });
        assertThat(chosen).isSameAs(WallClockTimer.INSTANCE);
        assertThat(chosen.measuresCpuTime()).isFalse();
        CpuTimer nullFactory = CpuTimers.select("Linux", kind -> null);
        assertThat(nullFactory).isSameAs(WallClockTimer.INSTANCE);
    }

    @Test
    void probeRejectsNegativeReadings() {
        assertThat(CpuTimers.probe(new FakeTimer("negative", -1, 0))).isFalse();
        assertThat(CpuTimers.probe(new FakeTimer("ok", 0, 0))).isTrue();
    }

    @Test
    void cycleRateConvertsAndMeasures() {
        CycleRate rate = CycleRate.of(3_000, 1_000);
        assertThat(rate.toNanos(3_000_000)).isEqualTo(1_000_000);
        AtomicLong wall = new AtomicLong();
        AtomicLong cycles = new AtomicLong();
        // a fake 2.5 GHz thread: every wall read advances 400 ns and 1000 cycles
        CycleRate measured = CycleRate.measure(
                cycles::get,
                () -> {
                    cycles.addAndGet(1000);
                    return wall.addAndGet(400);
                },
                1_000_000);
        assertThat(measured.nanosPerCycle()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void cycleRateRejectsNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CycleRate.of(0, 5))
                .hasMessageContaining("positive cycles and nanos, were cycles=0, nanos=5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CycleRate(Double.NaN))
                .hasMessageContaining("positive and finite, was NaN");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CycleRate(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Calibration(0, 1, 1))
                .hasMessageContaining("overheadNanos=0");
    }

    @Test
    void calibrationMeasuresCostAndResolutionOfAFakeTimer() {
        AtomicLong t = new AtomicLong();
        CpuTimer steps = new CpuTimer() {
            @Override
            public long nowNanos() {
                return t.addAndGet(250); // resolution: 250 ns exactly
            }

            @Override
            public String name() {
                return "steps";
            }

            @Override
            public boolean measuresCpuTime() {
                return true;
            }
        };
        Calibration c = Calibration.measure(steps);
        assertThat(c.resolutionNanos()).isEqualTo(250);
        assertThat(c.overheadNanos()).isPositive();
    }
}
