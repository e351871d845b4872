package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PollStats;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import dev.pulse.timing.NanoClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * How often the scheduler reads its clock (docs/ARCHITECTURE.md, "Clock reads"): once per poll
 * where a carrier goes from one poll to the next, and for one wake-up in eight from another
 * thread, whose delay then counts eight times. Counted with a clock that counts its callers; no
 * speed is asserted. Before, every poll read the clock three times (ready, start, end).
 */
class ClockReadsTest {

    /**
     * One carrier and no promotions: a task above MONITOR has every wake-up timed (by design), and
     * a cold JVM's first polls (interpreted, loading classes) are slow enough to promote a task
     * now and then (seen).
     */
    private static PulseRuntime measuringOnly(String name, NanoClock clock) {
        return Pulse.builder()
                .name(name)
                .carriers(1)
                .clock(clock)
                .tierPolicy(TierPolicy.builder().maxTier(Tier.MONITOR).build())
                .build();
    }

    /** {@link System#nanoTime()}, counting reads on carriers and virtual threads, and on one platform thread. */
    private static final class CountingClock implements NanoClock {
        final LongAdder onPolls = new LongAdder();
        final LongAdder onWaker = new LongAdder();
        volatile Thread waker;

        @Override
        public long nanoTime() {
            Thread t = Thread.currentThread();
            if (t == waker) {
                onWaker.increment();
            } else if (t.isVirtual() || t instanceof Carrier) { // not the watchdog's
                onPolls.increment();
            }
            return System.nanoTime();
        }
    }

    @Test
    void aPingPongOnOneCarrierReadsTheClockAboutOncePerPoll() throws Exception {
        CountingClock clock = new CountingClock();
        try (PulseRuntime pulse = measuringOnly("reads", clock)) {
            int rounds = 10_000;
            Thread[] pair = new Thread[2];
            AtomicInteger turn = new AtomicInteger();
            for (int me = 0; me < 2; me++) {
                int self = me;
                pair[me] = pulse.ofVirtual().unstarted(() -> {
                    for (int i = 0; i < rounds; i++) {
                        while (turn.get() != self) {
                            LockSupport.park();
                        }
                        turn.set(1 - self);
                        LockSupport.unpark(pair[1 - self]);
                    }
                });
            }
            pair[0].start();
            pair[1].start();
            assertThat(pair[0].join(Duration.ofSeconds(30))).isTrue();
            assertThat(pair[1].join(Duration.ofSeconds(30))).isTrue();
            Waits.until(Duration.ofSeconds(5), () -> pulse.tasks().isEmpty()); // the last bookkeeping

            long polls = pulse.metrics().polls().count();
            long reads = clock.onPolls.sum();
            assertThat(polls).isGreaterThanOrEqualTo(2L * rounds);
            // every poll still has its end read; its start is the previous poll's end, and one
            // wake-up in eight reads the clock (expected 1.125 per poll; 3 before)
            assertThat(reads).as("reads %d, polls %d", reads, polls).isGreaterThanOrEqualTo(polls);
            assertThat((double) reads / polls)
                    .as("reads %d, polls %d", reads, polls)
                    .isLessThan(1.5);
        }
    }

    @Test
    void wakeUpsFromAPlatformThreadAreTimedOneInEightAndCountedEightTimes() throws Exception {
        CountingClock clock = new CountingClock();
        try (PulseRuntime pulse = measuringOnly("sampled", clock)) {
            int wakeUps = 4_000;
            AtomicBoolean go = new AtomicBoolean();
            Thread sleeper = pulse.ofVirtual().name("sleeper").start(() -> {
                for (int i = 0; i < wakeUps; i++) {
                    while (!go.compareAndSet(true, false)) {
                        LockSupport.park();
                    }
                }
            });
            Thread waker = Thread.ofPlatform().unstarted(() -> {
                for (int i = 0; i < wakeUps; i++) {
                    while (sleeper.getState() != Thread.State.WAITING) { // parked: this is a wake-up
                        Thread.onSpinWait();
                    }
                    go.set(true);
                    LockSupport.unpark(sleeper);
                    while (go.get()) {
                        Thread.onSpinWait();
                    }
                }
            });
            clock.waker = waker;
            waker.start();
            waker.join();
            assertThat(sleeper.join(Duration.ofSeconds(30))).isTrue();
            Waits.until(Duration.ofSeconds(5), () -> pulse.tasks().isEmpty());

            PollStats polls = pulse.metrics().polls();
            long delays = Arrays.stream(polls.delayHistogram()).sum();
            long timed = clock.onWaker.sum();
            // drawn at random: 500 of 4,000 expected, standard deviation 21, plus every wake-up
            // after a slow poll (a run of slow polls going: its delay decides the run)
            long slow = polls.slow();
            assertThat(timed).as("slow polls %d", slow).isBetween((long) wakeUps / 16, wakeUps / 4 + slow);
            // each drawn delay counts 8 times: the estimate of the count has a standard deviation
            // of 167 around 4,000; the bound is 7 of those
            assertThat(delays)
                    .as("delays %d, polls %d", delays, polls.count())
                    .isBetween((long) (polls.count() * 0.7), (long) (polls.count() * 1.3));
        }
    }

    @Test
    void startingAThreadReadsNoClockForItsRegistration() throws Exception {
        CountingClock clock = new CountingClock();
        try (PulseRuntime pulse =
                Pulse.builder().name("starts").carriers(1).clock(clock).build()) {
            int threads = 2_000;
            Thread[] started = new Thread[threads];
            clock.waker = Thread.currentThread();
            for (int i = 0; i < threads; i++) {
                started[i] = pulse.ofVirtual().start(() -> {});
            }
            clock.waker = null;
            for (Thread t : started) {
                assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            }
            // a start is a wake-up: timed one time in eight (250 expected, standard deviation 15);
            // before, each adoption read the clock to register the task
            assertThat(clock.onWaker.sum()).isBetween((long) threads / 16, (long) threads / 4);
        }
    }

    @Test
    void aWakeUpFromAPlatformThreadAfterTheCarrierWasIdleReadsTheClock() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("idle").carriers(1).build()) {
            AtomicInteger step = new AtomicInteger();
            Thread sleeper = pulse.ofVirtual().name("sleeper").start(() -> {
                while (step.get() < 2) {
                    LockSupport.park();
                }
            });
            // first woken by a virtual thread on the same carrier: it becomes ready in that
            // thread's poll, and its poll starts where that poll ended
            waitUntilParked(sleeper);
            step.set(1);
            pulse.ofVirtual().start(() -> LockSupport.unpark(sleeper)).join();
            waitUntilParked(sleeper);
            Thread.sleep(300); // the carrier idles
            step.set(2);
            LockSupport.unpark(sleeper); // from this platform thread: the carrier's last end is stale
            assertThat(sleeper.join(Duration.ofSeconds(5))).isTrue();
            Waits.until(Duration.ofSeconds(5), () -> pulse.tasks().isEmpty());
            // a start taken from the carrier's last poll would make the last poll 300 ms long
            long maxPoll = pulse.metrics().polls().maxNanos();
            assertThat(Duration.ofNanos(maxPoll)).isLessThan(Duration.ofMillis(150));
        }
    }

    private static void waitUntilParked(Thread t) throws Exception {
        Waits.until(Duration.ofSeconds(5), () -> t.getState() == Thread.State.WAITING);
    }
}
