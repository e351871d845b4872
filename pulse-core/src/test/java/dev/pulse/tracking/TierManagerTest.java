package dev.pulse.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deterministic scenarios: time is passed in, no clock is read. */
class TierManagerTest {

    private static final long MS = 1_000_000;
    private final List<String> changes = new ArrayList<>();
    private final TierManager manager = new TierManager(
            TierPolicy.defaults(), (t, from, to, reason) -> changes.add(from + "->" + to + ": " + reason));
    private long now = 1_000 * MS;

    private TrackedTask task(long id) {
        return manager.register(id, "t" + id, null, 4000, now + MS, now);
    }

    private void slowPoll(TrackedTask t) {
        now += MS; // back to back: a hog never blocks
        manager.recordPoll(t, MS, MS, 0, now);
    }

    private void fastPoll(TrackedTask t) {
        now += MS; // a 10 us poll every ms: 1 % CPU
        manager.recordPoll(t, 10_000, 10_000, 0, now);
    }

    @Test
    void threeSlowPollsPromoteOneStep() {
        TrackedTask t = task(1);
        slowPoll(t);
        slowPoll(t);
        assertThat(t.tier()).isEqualTo(Tier.MONITOR);
        slowPoll(t);
        assertThat(t.tier()).isEqualTo(Tier.WARN);
        assertThat(changes).containsExactly("MONITOR->WARN: 3 slow polls in a row");
        assertThat(t.warningCause()).isEqualTo(WarningCause.SLOW_POLLS);
        assertThat(manager.promotions(Tier.WARN)).isEqualTo(1);
        assertThat(t.polls()).isEqualTo(3);
        assertThat(t.slowPolls()).isEqualTo(3);
        assertThat(t.maxPollNanos()).isEqualTo(MS);
        assertThat(t.lastSlowPollNanos()).isEqualTo(MS);
    }

    @Test
    void anUntimedDelayCountsAsIdleTimeAndATimedOneDoesNot() {
        // a slow poll, then 4 ms in the queue (timed: waiting, not idle) and another slow poll
        TrackedTask timed = task(1);
        slowPoll(timed);
        now += 5 * MS;
        manager.recordPoll(timed, MS, MS, 4 * MS, 1, now);
        assertThat(timed.consecutiveSlow).as("a run of two").isEqualTo(2);
        assertThat(timed.delayNanos()).isEqualTo(4 * MS);
        // the same gap with the delay not timed: counted as idle, the side that promotes less
        TrackedTask untimed = task(2);
        slowPoll(untimed);
        now += 5 * MS;
        manager.recordPoll(untimed, MS, MS, 4 * MS, 0, now);
        assertThat(untimed.consecutiveSlow).as("a new run").isEqualTo(1);
        assertThat(untimed.delayNanos()).as("not counted").isZero();
        assertThat(untimed.maxDelayNanos()).isZero();
        // a delay drawn one in eight counts eight times in the total, once in the maximum
        TrackedTask sampled = task(3);
        fastPoll(sampled);
        manager.recordPoll(sampled, 10_000, 10_000, 3_000, 8, now += MS);
        assertThat(sampled.delayNanos()).isEqualTo(24_000);
        assertThat(sampled.maxDelayNanos()).isEqualTo(3_000);
    }

    @Test
    void everyDelayIsNeededWhileARunOfSlowPollsIsGoingOrAboveMonitor() {
        TrackedTask t = task(1);
        fastPoll(t);
        assertThat(manager.needsEveryDelay(t)).as("fast polls at MONITOR").isFalse();
        slowPoll(t);
        assertThat(manager.needsEveryDelay(t)).as("a run of slow polls").isTrue();
        fastPoll(t);
        assertThat(manager.needsEveryDelay(t)).as("the run broken").isFalse();
        slowPoll(t);
        slowPoll(t);
        slowPoll(t); // promoted: the run starts over at 0
        assertThat(t.tier()).isEqualTo(Tier.WARN);
        assertThat(t.consecutiveSlow).isZero();
        assertThat(manager.needsEveryDelay(t)).as("above MONITOR").isTrue();
    }

    @Test
    void slowPollsWithTheTaskBlockedInBetweenAreBurstsNotARun() {
        TrackedTask t = task(1);
        for (int i = 0; i < 10; i++) {
            now += 5 * MS; // slept 4 ms, then a 1 ms poll
            manager.recordPoll(t, MS, MS, 0, now);
        }
        assertThat(t.tier()).isEqualTo(Tier.MONITOR);
        assertThat(t.slowPolls()).isEqualTo(10);
        for (int i = 0; i < 3; i++) {
            now += 5 * MS; // waited 4 ms in the queue (scheduling delay), then a 1 ms poll
            manager.recordPoll(t, MS, MS, 4 * MS, now);
        }
        assertThat(t.tier()).as("queueing is not blocking").isEqualTo(Tier.WARN);
    }

    @Test
    void aFastPollBreaksTheRun() {
        TrackedTask t = task(1);
        slowPoll(t);
        slowPoll(t);
        fastPoll(t);
        slowPoll(t);
        slowPoll(t);
        assertThat(t.tier()).isEqualTo(Tier.MONITOR);
    }

    @Test
    void enteringWarnQueuesTheTaskOnceForItsWarning() {
        TrackedTask t = task(1);
        for (int i = 0; i < 12; i++) {
            slowPoll(t);
        }
        assertThat(t.tier()).isEqualTo(Tier.ISOLATE);
        assertThat(manager.slowQueueSize()).isEqualTo(1);
        assertThat(manager.pollSlowTask()).isSameAs(t);
        assertThat(manager.pollSlowTask()).isNull();
        assertThat(manager.slowQueueSize()).isZero();
    }

    @Test
    void sliceOverrunsAtCheckpointsPromoteAndThenYield() {
        TrackedTask t = task(1);
        t.reset(4000, now + MS);
        assertThat(manager.mustYield(t, now + MS / 2)).isFalse();
        for (int i = 0; i < 5; i++) {
            now += MS;
            t.reset(4000, now);
            assertThat(manager.mustYield(t, now)).isFalse();
        }
        now += MS;
        t.reset(4000, now);
        assertThat(manager.mustYield(t, now)).as("6th overrun: now YIELD").isTrue();
        assertThat(t.tier()).isEqualTo(Tier.YIELD);
        assertThat(t.warningCause()).isEqualTo(WarningCause.SLICES_OVERRUN);
        assertThat(manager.budgetExhaustions()).isEqualTo(7);
        assertThat(t.budgetExhaustions()).isEqualTo(7);
        // the poll that ends with this yield is not counted a second time
        manager.recordPoll(t, MS, MS, 0, now);
        for (int i = 0; i < 2; i++) {
            now += MS;
            t.reset(4000, now);
            manager.mustYield(t, now);
            manager.recordPoll(t, MS, MS, 0, now);
        }
        assertThat(t.tier()).isEqualTo(Tier.YIELD);
        now += MS;
        t.reset(4000, now);
        assertThat(manager.mustYield(t, now)).isTrue();
        assertThat(t.tier())
                .as("isolated: the next poll goes to the isolation carriers")
                .isEqualTo(Tier.ISOLATE);
    }

    @Test
    void aSlowPollAfterIdleDoesNotStartTheGoodRunOverButOneWhileRunnableDoes() {
        TrackedTask sleeper = task(1);
        TrackedTask runnable = task(2);
        for (int i = 0; i < 6; i++) {
            slowPoll(sleeper);
        }
        for (int i = 0; i < 6; i++) {
            slowPoll(runnable);
        }
        assertThat(sleeper.tier()).isEqualTo(Tier.YIELD);
        assertThat(runnable.tier()).isEqualTo(Tier.YIELD);
        now += 300 * MS; // past the dwell
        for (int i = 0; i < 60; i++) {
            fastPoll(sleeper);
            fastPoll(runnable);
        }
        // a 100 us poll that the clock reads as slow: the sleeper had been idle since its last
        // poll; the runnable task spent the same gap waiting in the queue (scheduling delay)
        long runnableLastEnd = now;
        now += MS;
        manager.recordPoll(sleeper, 100_000, 100_000, 0, now);
        manager.recordPoll(runnable, 100_000, 100_000, now - 100_000 - runnableLastEnd, now);
        for (int i = 0; i < 40; i++) {
            fastPoll(sleeper);
            fastPoll(runnable);
        }
        assertThat(sleeper.tier())
                .as("60 + 40 fast polls, the slow one after idle in between")
                .isEqualTo(Tier.WARN);
        assertThat(runnable.tier())
                .as("control: its good run started over at the slow poll")
                .isEqualTo(Tier.YIELD);
    }

    @Test
    void goodBehaviourDemotesAfterDwellWithHysteresis() {
        TrackedTask t = task(1);
        for (int i = 0; i < 6; i++) {
            slowPoll(t);
        }
        assertThat(t.tier()).isEqualTo(Tier.YIELD);
        long promotedAt = now;
        for (int i = 0; i < 99; i++) {
            fastPoll(t);
        }
        assertThat(t.tier()).as("99 fast polls are not enough").isEqualTo(Tier.YIELD);
        while (now - promotedAt < 250 * MS) {
            fastPoll(t);
        }
        fastPoll(t);
        assertThat(t.tier()).isEqualTo(Tier.WARN);
        assertThat(manager.demotions(Tier.WARN)).isEqualTo(1);
        for (int i = 0; i < 400; i++) {
            fastPoll(t);
        }
        assertThat(t.tier()).isEqualTo(Tier.MONITOR);
        assertThat(changes).last().asString().startsWith("WARN->MONITOR: 100 fast polls");
    }

    @Test
    void aHotWindowOfShortPollsPromotes() {
        TrackedTask t = task(1);
        // 40 us polls back to back: never slow, but 100 % CPU
        for (int i = 0; i < 2_600; i++) {
            now += 40_000;
            manager.recordPoll(t, 40_000, 40_000, 0, now);
        }
        assertThat(t.tier()).isEqualTo(Tier.WARN);
        assertThat(changes).containsExactly("MONITOR->WARN: hot CPU window");
        assertThat(t.warningCause())
                .as("its warning must not say it ran long in one poll")
                .isEqualTo(WarningCause.HOT_CPU_WINDOW);
    }

    @Test
    void aTaskRegisteredWithoutAClockStartsAtItsFirstPoll() {
        TrackedTask t = manager.register(1, "t1", null, 4000);
        assertThat(t.tierSinceNanos()).isEqualTo(Long.MIN_VALUE);
        now += 40_000;
        manager.recordPoll(t, 40_000, 40_000, 0, 0, now);
        assertThat(t.tierSinceNanos())
                .as("at MONITOR since the first poll's start")
                .isEqualTo(now - 40_000);
        // the first CPU window starts there too: 100 ms of back-to-back short polls make it hot
        for (int i = 0; i < 2_600; i++) {
            now += 40_000;
            manager.recordPoll(t, 40_000, 40_000, 0, 0, now);
        }
        assertThat(changes).containsExactly("MONITOR->WARN: hot CPU window");
    }

    @Test
    void maxTierCapsPromotion() {
        TierManager capped =
                new TierManager(TierPolicy.builder().maxTier(Tier.YIELD).build(), TierChangeListener.NONE);
        TrackedTask t = capped.register(1, "t", null, 1, 0, 0);
        for (int i = 1; i <= 30; i++) {
            capped.recordPoll(t, MS, MS, 0, i * MS);
        }
        assertThat(t.tier()).isEqualTo(Tier.YIELD);
        assertThat(capped.promotions(Tier.ISOLATE)).isZero();
    }

    @Test
    void watchdogObservationStartsAnEpisodeForCheckpointFreePolls() {
        TrackedTask t = task(1);
        // the watchdog decides what is long (PulseConfig.longPollNanos); the manager only promotes
        assertThat(manager.observeLongPoll(t, 150_000, now)).isTrue();
        assertThat(t.tier()).isEqualTo(Tier.WARN);
        assertThat(manager.observeLongPoll(t, 10 * MS, now))
                .as("only from MONITOR")
                .isFalse();
        assertThat(manager.pollSlowTask()).isSameAs(t);
        assertThat(t.lastSlowPollNanos()).isEqualTo(150_000);
        assertThat(t.warningCause()).isEqualTo(WarningCause.LONG_POLL);
    }

    @Test
    void unregisterLeavesNothingBehind() {
        TrackedTask t = task(7);
        for (int i = 0; i < 3; i++) {
            slowPoll(t);
        }
        assertThat(manager.tasks()).containsExactly(t);
        assertThat(manager.liveTasksByTier()).containsExactly(0, 1, 0, 0);
        manager.unregister(t);
        assertThat(manager.tasks()).isEmpty();
        assertThat(manager.liveTasksByTier()).containsOnly(0);
        assertThat(manager.pollSlowTask())
                .as("queued warning of a gone task is skipped")
                .isNull();
        assertThat(manager.slowQueueSize()).isZero();
    }

    @Test
    void liveTasksByTierCounts() {
        TrackedTask a = task(1);
        task(2);
        for (int i = 0; i < 3; i++) {
            slowPoll(a);
        }
        assertThat(manager.liveTasksByTier()).containsExactly(1, 1, 0, 0);
        assertThat(a.toString()).contains("id=1", "tier=WARN");
    }

    @Test
    void statisticsAccumulate() {
        TrackedTask t = task(1);
        manager.recordPoll(t, 1_000, 900, 5_000, now);
        manager.recordPoll(t, 3_000, 2_500, 1_000, now + MS);
        manager.recordForcedYield(t);
        assertThat(t.pollNanos()).isEqualTo(4_000);
        assertThat(t.cpuNanos()).isEqualTo(3_400);
        assertThat(t.delayNanos()).isEqualTo(6_000);
        assertThat(t.maxDelayNanos()).isEqualTo(5_000);
        assertThat(t.forcedYields()).isEqualTo(1);
        assertThat(t.tierSinceNanos()).isEqualTo(1_000 * MS);
        assertThat(Duration.ofNanos(t.maxPollNanos())).isEqualTo(Duration.ofNanos(3_000));
    }
}
