package dev.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TierPolicy;
import dev.pulse.timing.CpuTimers;
import dev.pulse.timing.NanoClock;
import dev.pulse.timing.WallClockTimer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PulseConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        PulseConfig c = Pulse.builder().toConfig();
        assertThat(c.name()).matches("pulse-\\d+");
        assertThat(c.enabled()).isTrue();
        assertThat(c.carriers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.isolationCarriers()).isEqualTo(c.carriers());
        assertThat(c.slice()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.budgetUnits()).isEqualTo(4000);
        assertThat(c.tierPolicy()).isEqualTo(TierPolicy.defaults());
        assertThat(c.handoffAfter()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.maxExtraCarriers()).isEqualTo(256);
        assertThat(c.hooks()).isSameAs(PreemptionHooks.noop());
        assertThat(c.warnInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.timerSlack()).isEqualTo(Duration.ofNanos(200_000));
        assertThat(c.cpuTimer()).isSameAs(CpuTimers.best());
        assertThat(c.pollHistograms()).isTrue();
    }

    @Test
    void withoutPollHistogramsPercentilesReadZeroAndCountersStillCount() throws Exception {
        try (PulseRuntime pulse = Pulse.builder()
                .name("no-hist")
                .carriers(1)
                .pollHistograms(false)
                .build()) {
            for (int i = 0; i < 20; i++) {
                pulse.ofVirtual().start(() -> {}).join();
            }
            assertThat(pulse.config().pollHistograms()).isFalse();
            assertThat(pulse.metrics().polls().count())
                    .as("documented: counted by the histograms")
                    .isZero();
            assertThat(pulse.metrics().polls().p99Nanos()).isZero();
        }
    }

    @Test
    void settingsAreKept() {
        NanoClock clock = () -> 42;
        PulseConfig c = Pulse.builder()
                .name("api_v2.x")
                .enabled(false)
                .carriers(3)
                .isolationCarriers(1)
                .slice(Duration.ofMillis(2))
                .budgetUnits(65_535)
                .handoffAfter(Duration.ofMillis(50))
                .maxExtraCarriers(0)
                .timerSlack(Duration.ZERO)
                .warnInterval(Duration.ZERO)
                .clock(clock)
                .cpuTimer(WallClockTimer.INSTANCE)
                .toConfig();
        assertThat(c.name()).isEqualTo("api_v2.x");
        assertThat(c.enabled()).isFalse();
        assertThat(c.carriers()).isEqualTo(3);
        assertThat(c.isolationCarriers()).isEqualTo(1);
        assertThat(c.slice()).isEqualTo(Duration.ofMillis(2));
        assertThat(c.budgetUnits()).isEqualTo(65_535);
        assertThat(c.handoffAfter()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.maxExtraCarriers()).isZero();
        assertThat(c.timerSlack()).isZero();
        assertThat(c.warnInterval()).isZero();
        assertThat(c.clock()).isSameAs(clock);
        assertThat(c.cpuTimer()).isSameAs(WallClockTimer.INSTANCE);
    }

    @Test
    void everySetterRejectsBadValuesWithAClearMessage() {
        PulseRuntime.Builder b = Pulse.builder();
        assertThatThrownBy(() -> b.name("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Pulse name must be 1 to 64 letters, digits, '.', '_' or '-', was 'has space'");
        assertThatThrownBy(() -> b.name("")).hasMessageContaining("was ''");
        assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.carriers(0)).hasMessage("Pulse carriers must be between 1 and 32767, was 0");
        assertThatThrownBy(() -> b.carriers(40_000))
                .hasMessage("Pulse carriers must be between 1 and 32767, was 40000");
        assertThatThrownBy(() -> b.isolationCarriers(-1))
                .hasMessage("Pulse isolationCarriers must be between 1 and 32767, was -1");
        assertThatThrownBy(() -> b.slice(Duration.ofNanos(9_999)))
                .hasMessage("Pulse slice must be between 10 us and 1 s, was PT0.000009999S");
        assertThatThrownBy(() -> b.slice(Duration.ofSeconds(2))).hasMessageContaining("was PT2S");
        assertThatThrownBy(() -> b.budgetUnits(0)).hasMessage("Pulse budgetUnits must be between 1 and 65535, was 0");
        assertThatThrownBy(() -> b.timerSlack(Duration.ofNanos(-1)))
                .hasMessage("Pulse timerSlack must be between 0 and 10 ms, was PT-0.000000001S");
        assertThatThrownBy(() -> b.timerSlack(Duration.ofMillis(11))).hasMessageContaining("was PT0.011S");
        assertThatThrownBy(() -> b.timerSlack(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.budgetUnits(65_536)).hasMessageContaining("was 65536");
        assertThatThrownBy(() -> b.handoffAfter(Duration.ofNanos(999_999)))
                .hasMessage("Pulse handoffAfter must be between 1 ms and 1 hour, was PT0.000999999S");
        assertThatThrownBy(() -> b.handoffAfter(Duration.ofHours(2))).hasMessageContaining("was PT2H");
        assertThatThrownBy(() -> b.maxExtraCarriers(-1))
                .hasMessage("Pulse maxExtraCarriers must be between 0 and 32766, was -1");
        assertThatThrownBy(() -> b.warnInterval(Duration.ofSeconds(-1)))
                .hasMessage("Pulse warnInterval must be between 0 and 1 hour, was PT-1S");
        assertThatThrownBy(() -> b.tierPolicy(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.hooks(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.cpuTimer(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.slice(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void settingsOutOfOrderAreRejectedAtBuild() {
        assertThatThrownBy(() -> Pulse.builder()
                        .slice(Duration.ofMillis(20))
                        .handoffAfter(Duration.ofMillis(10))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Pulse handoffAfter (PT0.01S) must be at least the slice (PT0.02S)");
        assertThatThrownBy(() ->
                        Pulse.builder().carriers(32_000).maxExtraCarriers(1_000).toConfig())
                .hasMessage("Pulse maxExtraCarriers must be at most 767 (32767 - carriers), was 1000");
    }

    @Test
    void theSystemPropertySwitchesTheDefault() {
        String old = System.getProperty(Pulse.ENABLED_PROPERTY);
        try {
            System.setProperty(Pulse.ENABLED_PROPERTY, "false");
            assertThat(Pulse.enabledByDefault()).isFalse();
            assertThat(Pulse.builder().toConfig().enabled()).isFalse();
            assertThat(Pulse.builder().enabled(true).toConfig().enabled())
                    .as("explicit wins")
                    .isTrue();
            System.setProperty(Pulse.ENABLED_PROPERTY, "TRUE");
            assertThat(Pulse.enabledByDefault()).isTrue();
            System.setProperty(Pulse.ENABLED_PROPERTY, "maybe");
            assertThatThrownBy(Pulse::enabledByDefault)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dpulse.enabled must be true or false, was 'maybe'");
        } finally {
            if (old == null) {
                System.clearProperty(Pulse.ENABLED_PROPERTY);
            } else {
                System.setProperty(Pulse.ENABLED_PROPERTY, old);
            }
        }
    }

    @Test
    void aLongPollIsDefinedOnceFromTheSliceThePolicyAndTheHandoff() {
        // 1 ms slices x 3 slow polls to WARN = 3 ms, under the 10 ms handoff: the handoff wins
        assertThat(Pulse.builder().toConfig().longPollNanos()).isEqualTo(10_000_000);
        PulseConfig longSlices = Pulse.builder()
                .slice(Duration.ofMillis(5))
                .handoffAfter(Duration.ofMillis(10))
                .toConfig();
        assertThat(longSlices.longPollNanos()).as("5 ms x 3").isEqualTo(15_000_000);
    }

    @Test
    void aRuntimeExposesItsPartsAndSettings() throws Exception {
        try (PulseRuntime pulse =
                Pulse.builder().name("parts").carriers(1).isolationCarriers(1).build()) {
            assertThat(pulse.name()).isEqualTo("parts");
            assertThat(pulse.config().carriers()).isEqualTo(1);
            assertThat(pulse.scheduler()).isInstanceOf(dev.pulse.scheduler.PulseScheduler.class);
            pulse.ofVirtual().start(() -> {}).join();
            assertThat(pulse.peakCarriers())
                    .as("one main and one isolation carrier at most")
                    .isBetween(1, 2);
            assertThat(pulse.metrics().runtime()).isEqualTo("parts");
            assertThat(pulse.metrics().carriers().main()).isEqualTo(1);
        }
    }

    @Test
    void thisJvmHasTheFlagSoPulseIsAvailable() {
        // the other side, a JVM without the flag, is MissingFlagTest in the Spring Boot starter
        assertThat(Pulse.unavailableReason()).isEmpty();
    }
}
