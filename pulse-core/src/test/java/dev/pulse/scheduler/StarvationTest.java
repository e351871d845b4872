package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The starvation bound: beside 2 x carriers CPU hogs a light virtual thread finishes within 1 s on
 * Pulse, with and without checkpoints in the hogs; on the JDK's default scheduler, and on a Pulse
 * runtime built with {@code enabled(false)}, it has not finished after 2 s. With checkpointed hogs
 * and handoff out of reach, the rescue is shown to come from forced yields alone.
 */
class StarvationTest {

    private static final int CARRIERS = 2;

    @ParameterizedTest(name = "checkpoints in hogs: {0}")
    @ValueSource(booleans = {true, false})
    void lightTaskRunsWithinOneSecondBesideHogsOnPulse(boolean checkpoints) throws InterruptedException {
        try (PulseRuntime pulse = Pulse.builder()
                        .name("starve-" + checkpoints)
                        .carriers(CARRIERS)
                        .build();
                Hogs hogs = new Hogs()) {
            List<Thread> hogThreads = new ArrayList<>();
            for (int i = 0; i < 2 * CARRIERS; i++) {
                hogThreads.add(pulse.ofVirtual().name("hog-" + i).start(hogs.hog(checkpoints)));
            }
            Thread.sleep(100); // let the hogs take every carrier
            for (int round = 0; round < 5; round++) {
                CountDownLatch ran = new CountDownLatch(1);
                pulse.ofVirtual().name("light").start(ran::countDown);
                assertThat(ran.await(1, TimeUnit.SECONDS))
                        .as("light task %d ran within 1 s beside %d hogs", round, hogThreads.size())
                        .isTrue();
            }
            PulseMetrics m = pulse.metrics();
            if (checkpoints) {
                assertThat(m.interventions().forcedYields())
                        .as("checkpointed hogs were made to yield")
                        .isPositive();
            } else {
                assertThat(m.interventions().handoffs())
                        .as("checkpoint-free hogs needed handoffs")
                        .isPositive();
            }
            hogs.stop();
            for (Thread t : hogThreads) {
                assertThat(t.join(java.time.Duration.ofSeconds(5))).isTrue();
            }
            assertThat(hogs.work.sum()).isPositive();
        }
    }

    /**
     * Regression: a light task queued behind the hogs before the first handoff. The replacement
     * carriers took the queued hogs, the wake-ups that started them stayed queued, and the next
     * round's wake-ups landed behind those, where ForkJoinPool does not signal: parallelism rose
     * but no carrier started, and the light task waited forever.
     */
    @Test
    void aTaskQueuedBehindHogsBeforeAnyHandoffStillRuns() throws InterruptedException {
        try (PulseRuntime pulse = Pulse.builder()
                        .name("handoff-rounds")
                        .carriers(CARRIERS)
                        .handoffAfter(java.time.Duration.ofMillis(200))
                        .build();
                Hogs hogs = new Hogs()) {
            List<Thread> hogThreads = new ArrayList<>();
            for (int i = 0; i < 2 * CARRIERS; i++) {
                hogThreads.add(pulse.ofVirtual().name("hog-" + i).start(hogs.hog(false)));
            }
            CountDownLatch ran = new CountDownLatch(1);
            pulse.ofVirtual().name("light").start(ran::countDown);
            // two rounds of handoff (2 x 200 ms) free a carrier for it; 5 s is a wide margin
            assertThat(ran.await(5, TimeUnit.SECONDS))
                    .as("light task ran; metrics: %s", pulse.metrics())
                    .isTrue();
            assertThat(pulse.metrics().interventions().handoffs())
                    .as("the first carriers' replacements took the two queued hogs and were handed off too")
                    .isGreaterThanOrEqualTo(CARRIERS + 1);
            hogs.stop();
            for (Thread t : hogThreads) {
                assertThat(t.join(java.time.Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    /**
     * Regression: forced yields went to the yielding carrier's own ForkJoinPool submission queue,
     * which that carrier keeps draining, so hogs queued elsewhere got 4 polls in 20 s.
     */
    @Test
    void yieldingHogsShareTheirCarriersRoundRobin() throws Exception {
        try (PulseRuntime pulse = Pulse.builder()
                        .name("round-robin")
                        .carriers(2)
                        .isolationCarriers(2)
                        .build();
                Hogs hogs = new Hogs()) {
            int count = 6;
            List<Thread> threads = new ArrayList<>();
            List<dev.pulse.tier.TaskState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < count; i++) {
                Runnable hog = hogs.hog(true);
                threads.add(pulse.ofVirtual().name("rr-hog-" + i).start(() -> {
                    states.add(Checkpoints.currentTask().taskState());
                    hog.run();
                }));
            }
            Waits.until(
                    java.time.Duration.ofSeconds(10),
                    () -> pulse.metrics().tiers().isolations() == count);
            long[] before =
                    states.stream().mapToLong(dev.pulse.tier.TaskState::polls).toArray();
            Thread.sleep(1_000);
            long[] after =
                    states.stream().mapToLong(dev.pulse.tier.TaskState::polls).toArray();
            hogs.stop();
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < count; i++) {
                // 1 s of 1 ms slices over 2 carriers shared by 6 hogs: ~330 polls each when fair
                assertThat(after[i] - before[i])
                        .as(
                                "polls of hog %d in one second (all: %s -> %s)",
                                i, java.util.Arrays.toString(before), java.util.Arrays.toString(after))
                        .isGreaterThan(50);
            }
        }
    }

    /**
     * Checkpointed hogs with handoff out of reach (an hour): the light tasks can only have run
     * because the hogs were made to yield.
     */
    @Test
    void checkpointedHogsAloneGiveWayByYielding() throws InterruptedException {
        try (PulseRuntime pulse = Pulse.builder()
                        .name("yields-only")
                        .carriers(CARRIERS)
                        .handoffAfter(java.time.Duration.ofHours(1))
                        .build();
                Hogs hogs = new Hogs()) {
            List<Thread> hogThreads = new ArrayList<>();
            for (int i = 0; i < 2 * CARRIERS; i++) {
                hogThreads.add(pulse.ofVirtual().name("hog-" + i).start(hogs.hog(true)));
            }
            Thread.sleep(100);
            for (int round = 0; round < 5; round++) {
                CountDownLatch ran = new CountDownLatch(1);
                pulse.ofVirtual().name("light").start(ran::countDown);
                assertThat(ran.await(1, TimeUnit.SECONDS))
                        .as("light task %d ran within 1 s: %s", round, pulse.metrics())
                        .isTrue();
            }
            PulseMetrics m = pulse.metrics();
            assertThat(m.interventions().handoffs()).as("no handoff: %s", m).isZero();
            assertThat(m.carriers().extra()).isZero();
            assertThat(m.interventions().forcedYields())
                    .as("forced yields: %s", m)
                    .isPositive();
            hogs.stop();
            for (Thread t : hogThreads) {
                assertThat(t.join(java.time.Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    /** The control for the Pulse cases above: the same runtime with Pulse disabled starves. */
    @Test
    void lightTaskStarvesBesideHogsOnADisabledPulse() throws InterruptedException {
        try (PulseRuntime pulse = Pulse.builder()
                .name("starve-disabled")
                .carriers(CARRIERS)
                .enabled(false)
                .build()) {
            assertStarvesUntilTheHogsStop(pulse.ofVirtual(), 2 * CARRIERS, true);
            assertThat(pulse.metrics().interventions().forcedYields()
                            + pulse.metrics().interventions().handoffs())
                    .isZero();
        }
    }

    @Test
    void lightTaskStarvesBesideHogsOnTheDefaultScheduler() throws InterruptedException {
        assertStarvesUntilTheHogsStop(
                Thread.ofVirtual(), 2 * Runtime.getRuntime().availableProcessors(), false);
    }

    /** Hogs take every carrier of {@code builder}'s scheduler; a light task waits 2 s, then runs once they stop. */
    private static void assertStarvesUntilTheHogsStop(
            Thread.Builder.OfVirtual builder, int hogCount, boolean checkpoints) throws InterruptedException {
        try (Hogs hogs = new Hogs()) {
            List<Thread> hogThreads = new ArrayList<>();
            for (int i = 0; i < hogCount; i++) {
                hogThreads.add(builder.name("hog-" + i).start(hogs.hog(checkpoints)));
            }
            Thread.sleep(100);
            CountDownLatch ran = new CountDownLatch(1);
            builder.name("light").start(ran::countDown);
            assertThat(ran.await(2, TimeUnit.SECONDS))
                    .as("beside %d hogs the light task is starved", hogCount)
                    .isFalse();
            hogs.stop();
            assertThat(ran.await(5, TimeUnit.SECONDS))
                    .as("and runs once the hogs stop")
                    .isTrue();
            for (Thread t : hogThreads) {
                assertThat(t.join(java.time.Duration.ofSeconds(5))).isTrue();
            }
        }
    }
}
