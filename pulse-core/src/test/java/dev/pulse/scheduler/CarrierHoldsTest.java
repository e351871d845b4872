package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The handoff rule for a long poll with little CPU, on scripted OS times: a carrier asleep in its
 * task is handed off; one the OS keeps waiting for a CPU, or a collection stops, is not.
 */
class CarrierHoldsTest {

    private static final long MS = 1_000_000;
    private static final long POLL = 42 * MS;

    private final AtomicLong gcMillis = new AtomicLong();
    private final CarrierHolds holds = new CarrierHolds(5 * MS, gcMillis::get);
    private final Object carrier = new Object();

    private static long[] times(long onCpuMs, long waitingMs) {
        return new long[] {onCpuMs * MS, waitingMs * MS};
    }

    @Test
    void aCarrierAsleepInItsTaskIsBlockedInIt() {
        holds.sample(carrier, POLL, times(100, 50), 5 * MS);
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 50), 10 * MS))
                .as("5 ms asleep, neither on a CPU nor waiting for one")
                .isTrue();
    }

    @Test
    void aCarrierTheOsKeepsWaitingForACpuIsNot() {
        holds.sample(carrier, POLL, times(100, 50), 5 * MS);
        assertThat(holds.blockedInTask(carrier, POLL, times(101, 54), 10 * MS))
                .as("1 ms on a CPU, 4 ms waiting for one")
                .isFalse();
        assertThat(holds.blockedInTask(carrier, POLL, times(101, 61), 20 * MS))
                .as("then 7 ms more waiting and 3 asleep: asleep 3 of 15 ms")
                .isFalse();
    }

    @Test
    void timeStoppedByACollectionIsNotTheTasks() {
        holds.sample(carrier, POLL, times(100, 50), 5 * MS);
        gcMillis.addAndGet(8);
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 50), 13 * MS))
                .as("8 ms asleep, all of it in a collection")
                .isFalse();
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 50), 25 * MS))
                .as("12 ms more asleep outside it")
                .isTrue();
    }

    @Test
    void aShortSleepOrAShortWindowIsNotEnough() {
        holds.sample(carrier, POLL, times(100, 50), 5 * MS);
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 50), 8 * MS))
                .as("3 ms since the sample: too soon to say")
                .isFalse();
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 56), 15 * MS))
                .as("asleep 4 of 10 ms: under the 5 ms minimum")
                .isFalse();
    }

    @Test
    void aPollNotSampledIsSampledAndDecidedLater() {
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 50), 10 * MS)).isFalse();
        assertThat(holds.blockedInTask(carrier, POLL, times(100, 50), 16 * MS)).isTrue();
        long next = POLL + 20 * MS;
        assertThat(holds.blockedInTask(carrier, next, times(100, 50), 40 * MS))
                .as("a new poll starts over")
                .isFalse();
        holds.sample(carrier, next, times(200, 50), 50 * MS);
        assertThat(holds.blockedInTask(carrier, next, times(100, 50), 46 * MS))
                .as("a second sample of the same poll changes nothing: 6 ms asleep since the first")
                .isTrue();
    }

    @Test
    void withoutTheOsTimesTheWallClockDecidesAsBefore() {
        holds.sample(carrier, POLL, null, 5 * MS);
        assertThat(holds.blockedInTask(carrier, POLL, null, 10 * MS)).isTrue();
    }
}
