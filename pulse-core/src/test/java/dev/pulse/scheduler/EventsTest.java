package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.tracking.WarningCause;
import org.junit.jupiter.api.Test;

/** A warning says what its task did, in the words its cause allows. */
class EventsTest {

    @Test
    void onlyALongPollIsCalledRunningWithoutYielding() {
        assertThat(Events.whatItDid(WarningCause.LONG_POLL, 12_300_000))
                .isEqualTo("ran 12.3 ms in one poll without yielding");
        assertThat(Events.whatItDid(WarningCause.SLOW_POLLS, 2_000_000))
                .isEqualTo("ran 2.0 ms in one poll without yielding");
        assertThat(Events.whatItDid(WarningCause.SLICES_OVERRUN, 4_000_000))
                .contains("past its slice's end", "4.0 ms")
                .doesNotContain("without yielding");
        // seen: a task that yields all the time, promoted for its CPU window, was told it "ran
        // 0.2 ms in one poll without yielding"
        assertThat(Events.whatItDid(WarningCause.HOT_CPU_WINDOW, 200_000))
                .contains("most of a CPU window", "0.2 ms")
                .doesNotContain("without yielding");
        assertThat(Events.whatItDid(null, 1_000_000)).isEqualTo("ran 1.0 ms in one poll without yielding");
    }
}
