package dev.pulse.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TierPolicyTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TierPolicy p = TierPolicy.defaults();
        assertThat(p.slowPollThreshold()).isEqualTo(Duration.ofNanos(50_000));
        assertThat(p.slowPollThresholdNanos()).isEqualTo(50_000);
        assertThat(p.promoteAfterSlowPolls()).isEqualTo(3);
        assertThat(p.demoteAfterGoodPolls()).isEqualTo(100);
        assertThat(p.minTierDwell()).isEqualTo(Duration.ofMillis(250));
        assertThat(p.cpuWindow()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.hotWindowCpuShare()).isEqualTo(0.9);
        assertThat(p.hotWindowCpuNanos()).isEqualTo(90_000_000);
        assertThat(p.maxTier()).isEqualTo(Tier.ISOLATE);
    }

    @Test
    void toBuilderRoundTrips() {
        TierPolicy p = TierPolicy.builder()
                .promoteAfterSlowPolls(7)
                .maxTier(Tier.YIELD)
                .build();
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p).isNotEqualTo(TierPolicy.defaults());
        assertThat(p.toString()).contains("promoteAfterSlowPolls=7", "maxTier=YIELD");
    }

    @Test
    void everySetterRejectsBadValuesNamingFieldValueAndRange() {
        TierPolicy.Builder b = TierPolicy.builder();
        assertThatThrownBy(() -> b.slowPollThreshold(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TierPolicy.slowPollThreshold must be more than 0 and at most 1 hour, was PT0S");
        assertThatThrownBy(() -> b.slowPollThreshold(Duration.ofSeconds(-1))).hasMessageContaining("was PT-1S");
        assertThatThrownBy(() -> b.slowPollThreshold(Duration.ofHours(2))).hasMessageContaining("was PT2H");
        assertThatThrownBy(() -> b.promoteAfterSlowPolls(0))
                .hasMessage("TierPolicy.promoteAfterSlowPolls must be between 1 and 1000000, was 0");
        assertThatThrownBy(() -> b.demoteAfterGoodPolls(-5))
                .hasMessage("TierPolicy.demoteAfterGoodPolls must be between 1 and 1000000, was -5");
        assertThatThrownBy(() -> b.minTierDwell(Duration.ofMillis(-1)))
                .hasMessage("TierPolicy.minTierDwell must be between 0 and 1 hour, was PT-0.001S");
        assertThatThrownBy(() -> b.cpuWindow(Duration.ZERO)).hasMessageContaining("TierPolicy.cpuWindow");
        assertThatThrownBy(() -> b.hotWindowCpuShare(0))
                .hasMessage("TierPolicy.hotWindowCpuShare must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> b.hotWindowCpuShare(1.5)).hasMessageContaining("was 1.5");
        assertThatThrownBy(() -> b.hotWindowCpuShare(Double.NaN)).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> b.maxTier(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("maxTier");
    }

    @Test
    void thresholdsOutOfOrderAreRejectedAtBuild() {
        assertThatThrownBy(() -> TierPolicy.builder()
                        .slowPollThreshold(Duration.ofMillis(200))
                        .cpuWindow(Duration.ofMillis(100))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TierPolicy.cpuWindow (PT0.1S) must be longer than slowPollThreshold (PT0.2S)");
    }

    @Test
    void tierStepsAndCodes() {
        assertThat(Tier.MONITOR.up()).isEqualTo(Tier.WARN);
        assertThat(Tier.ISOLATE.up()).isEqualTo(Tier.ISOLATE);
        assertThat(Tier.MONITOR.down()).isEqualTo(Tier.MONITOR);
        assertThat(Tier.ISOLATE.down()).isEqualTo(Tier.YIELD);
        assertThat(Tier.ofCode(2)).isEqualTo(Tier.YIELD);
        assertThatThrownBy(() -> Tier.ofCode(4)).hasMessage("tier code must be 0 to 3, was 4");
        assertThatThrownBy(() -> Tier.ofCode(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
