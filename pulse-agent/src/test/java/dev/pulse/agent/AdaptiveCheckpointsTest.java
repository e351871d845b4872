package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which warnings adaptive checkpoints act on: only those of code with no yield point. */
class AdaptiveCheckpointsTest {

    @Test
    void actsOnLongAndSlowPollsAndOnWarningsOfUnknownCause() {
        assertThat(AdaptiveCheckpoints.reachesNoYieldPoint("LONG_POLL")).isTrue();
        assertThat(AdaptiveCheckpoints.reachesNoYieldPoint("SLOW_POLLS")).isTrue();
        assertThat(AdaptiveCheckpoints.reachesNoYieldPoint(""))
                .as("a Pulse that gave no cause")
                .isTrue();
        assertThat(AdaptiveCheckpoints.reachesNoYieldPoint(null))
                .as("an event without the field")
                .isTrue();
    }

    @Test
    void leavesAloneTasksThatAlreadyReachYieldPoints() {
        assertThat(AdaptiveCheckpoints.reachesNoYieldPoint("SLICES_OVERRUN")).isFalse();
        assertThat(AdaptiveCheckpoints.reachesNoYieldPoint("HOT_CPU_WINDOW")).isFalse();
    }
}
