package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer of timed parks: each expiry runs once, not before its deadline, in deadline order;
 * an earlier timer wakes a timer thread asleep towards a later one; a cancelled timer never runs
 * and is not kept; nothing runs after close; and a runtime's virtual threads park through it,
 * not through the JDK's shared timer queues.
 */
@SuppressWarnings("FutureReturnValueIgnored") // most timers here are never cancelled; what they do is checked
class ParkTimerTest {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name = "park-timer-test-" + NEXT.incrementAndGet();
    private final Faults faults = new Faults(new Events(name));
    private final ParkTimer timer = new ParkTimer(name, faults, 0); // each at its deadline

    @Test
    void withSlackTimersDueCloseTogetherEndAtOneWakeUpAndNoneEarly() throws Exception {
        ParkTimer slack = new ParkTimer(name + "-slack", faults, TimeUnit.MILLISECONDS.toNanos(200));
        try {
            long scheduled = System.nanoTime();
            long[] ranAt = new long[2];
            CountDownLatch ran = new CountDownLatch(2);
            slack.schedule(
                    () -> {
                        ranAt[0] = System.nanoTime();
                        ran.countDown();
                    },
                    200,
                    TimeUnit.MILLISECONDS);
            slack.schedule(
                    () -> {
                        ranAt[1] = System.nanoTime();
                        ran.countDown();
                    },
                    300,
                    TimeUnit.MILLISECONDS);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            // the latch orders the timer thread's writes before these reads
            assertThat(ranAt[0] - scheduled).as("not early").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
            assertThat(ranAt[1] - scheduled).as("not early").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
            // the thread slept until 200 + 200 ms and then ended both, one after the other; each
            // at its deadline they would be 100 ms apart
            assertThat(ranAt[1] - ranAt[0]).as("ended at one wake-up").isLessThan(TimeUnit.MILLISECONDS.toNanos(80));
        } finally {
            slack.close();
        }
    }

    @Test
    void aNegativeSlackIsRefused() {
        assertThatThrownBy(() -> new ParkTimer(name, faults, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timer slack must be 0 or more, was -1 ns");
    }

    @AfterEach
    void close() {
        timer.close();
    }

    @Test
    void runsAnActionOnceItsDelayHasPassedAndNotBefore() throws Exception {
        long scheduled = System.nanoTime();
        AtomicLong ranAt = new AtomicLong();
        CountDownLatch ran = new CountDownLatch(1);
        ScheduledFuture<?> future = timer.schedule(
                () -> {
                    ranAt.set(System.nanoTime());
                    ran.countDown();
                },
                50,
                TimeUnit.MILLISECONDS);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranAt.get() - scheduled).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        // the action has run; the future completes just after it returns (seen: isDone() false
        // when read at once)
        assertThat(future.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(future.isDone()).isTrue();
        assertThat(future.isCancelled()).isFalse();
    }

    @Test
    void runsTimersInDeadlineOrder() throws Exception {
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        CountDownLatch all = new CountDownLatch(5);
        Map<Integer, ScheduledFuture<?>> byDelay = new HashMap<>();
        for (int delay : new int[] {200, 50, 150, 0, 100}) {
            byDelay.put(
                    delay,
                    timer.schedule(
                            () -> {
                                order.add(delay);
                                all.countDown();
                            },
                            delay,
                            TimeUnit.MILLISECONDS));
        }

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        // the deadlines' own order (compareTo), not the delays': a stall of this thread between
        // two schedule calls moves the later call's deadline
        List<Integer> byDeadline = new ArrayList<>(byDelay.keySet());
        byDeadline.sort((a, b) -> byDelay.get(a).compareTo(byDelay.get(b)));
        assertThat(order).containsExactlyElementsOf(byDeadline);
    }

    @Test
    void aDelayOfLongMaxValueWaitsInsteadOfOverflowingIntoThePast() throws Exception {
        // parkNanos(Long.MAX_VALUE) is legal user code: now + that overflows, and only comparisons
        // by subtraction keep the deadline in the future
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> forever = timer.schedule(runs::incrementAndGet, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        CountDownLatch later = new CountDownLatch(1);
        timer.schedule(later::countDown, 50, TimeUnit.MILLISECONDS);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        assertThat(forever.getDelay(TimeUnit.DAYS)).isGreaterThan(365L * 100);
    }

    @Test
    void anEarlierTimerWakesTheThreadAsleepTowardsALaterOne() throws Exception {
        timer.schedule(() -> {}, 1, TimeUnit.HOURS);
        Thread timerThread = timerThread();
        Waits.until(Duration.ofSeconds(5), () -> timerThread.getState() == Thread.State.TIMED_WAITING);

        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(ran::countDown, 10, TimeUnit.MILLISECONDS);

        assertThat(ran.await(5, TimeUnit.SECONDS))
                .as("a 10 ms timer scheduled while the timer thread sleeps towards one an hour away")
                .isTrue();
    }

    @Test
    void noWakeUpIsLostWhenATimerArrivesAsTheThreadGoesToSleep() throws Exception {
        // a timer an hour away: a lost wake-up would leave the thread asleep towards it
        timer.schedule(() -> {}, 1, TimeUnit.HOURS);
        List<Thread> producers = new ArrayList<>();
        AtomicInteger late = new AtomicInteger();
        for (int p = 0; p < 2; p++) {
            producers.add(Thread.ofPlatform().start(() -> {
                // each expiry sends the timer thread back towards its sleep, and the next timer
                // arrives while it goes: the window the wakeAt protocol closes
                for (int i = 0; i < 5_000; i++) {
                    CountDownLatch ran = new CountDownLatch(1);
                    timer.schedule(ran::countDown, i % 3 == 0 ? 0 : 20, TimeUnit.MICROSECONDS);
                    try {
                        if (!ran.await(2, TimeUnit.SECONDS)) {
                            late.incrementAndGet();
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread p : producers) {
            p.join();
        }

        assertThat(late)
                .as("timers that waited 2 s past a deadline of at most 20 us")
                .hasValue(0);
    }

    @Test
    void aCancelledTimerNeverRunsAndIsNotKept() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        // a live timer due before them, so the cancelled ones are not simply at the heap's head
        ScheduledFuture<?> live = timer.schedule(() -> {}, 50, TimeUnit.MINUTES);
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(timer.schedule(runs::incrementAndGet, 1, TimeUnit.HOURS));
        }
        CountDownLatch drained = new CountDownLatch(1); // the timer thread has taken them all in
        timer.schedule(drained::countDown, 0, TimeUnit.MILLISECONDS);
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
        for (ScheduledFuture<?> f : futures) {
            assertThat(f.cancel(false)).isTrue();
        }
        CountDownLatch later = new CountDownLatch(1);
        timer.schedule(later::countDown, 30, TimeUnit.MILLISECONDS);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        Waits.until(Duration.ofSeconds(5), () -> timer.pending() == 1); // the live one
        assertThat(runs).hasValue(0);
        assertThat(futures.getFirst().isCancelled()).isTrue();
        assertThat(live.isDone()).isFalse();
    }

    @Test
    void timersScheduledFromManyThreadsEachRunExactlyOnce() throws Exception {
        int threads = 8;
        int each = 1000;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * each);
        CountDownLatch all = new CountDownLatch(threads * each);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    int slot = base + i;
                    timer.schedule(
                            () -> {
                                runs.incrementAndGet(slot);
                                all.countDown();
                            },
                            ThreadLocalRandom.current().nextInt(20_000),
                            TimeUnit.MICROSECONDS);
                }
            }));
        }
        for (Thread p : producers) {
            p.join();
        }

        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50); // a second run of any of them would land by now
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("timer %d", i).isEqualTo(1);
        }
        assertThat(timer.pending()).isZero();
    }

    @Test
    void nothingRunsAfterCloseAndTheTimerThreadEnds() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        timer.schedule(runs::incrementAndGet, 300, TimeUnit.MILLISECONDS);
        Thread timerThread = timerThread();

        timer.close();
        ScheduledFuture<?> afterClose = timer.schedule(runs::incrementAndGet, 0, TimeUnit.MILLISECONDS);

        assertThat(afterClose.isCancelled()).isTrue();
        timerThread.join(5_000);
        assertThat(timerThread.isAlive()).isFalse();
        Thread.sleep(500); // past the pending timer's deadline
        assertThat(runs).hasValue(0);
    }

    @Test
    void anActionThatThrowsIsCountedAndTheTimerGoesOn() throws Exception {
        timer.schedule(
                () -> {
                    throw new IllegalStateException("boom");
                },
                0,
                TimeUnit.MILLISECONDS);
        CountDownLatch next = new CountDownLatch(1);
        timer.schedule(next::countDown, 20, TimeUnit.MILLISECONDS);

        assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(faults.count()).isEqualTo(1);
    }

    @Test
    void aRuntimesVirtualThreadsParkWithATimeoutThroughItsOwnTimer() throws Exception {
        try (PulseScheduler scheduler =
                new PulseScheduler(Pulse.builder().name(name + "-runtime").toConfig())) {
            CountDownLatch asleep = new CountDownLatch(1);
            Thread sleeper = VirtualThreadBridge.newVirtualThreadBuilder(scheduler.virtualThreadScheduler())
                    .start(() -> {
                        asleep.countDown();
                        try {
                            Thread.sleep(2_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            assertThat(asleep.await(5, TimeUnit.SECONDS)).isTrue();
            Waits.until(Duration.ofSeconds(5), () -> scheduler.parkTimer().pending() == 1);

            sleeper.join(Duration.ofSeconds(10));

            assertThat(sleeper.isAlive()).as("woken by the runtime's timer").isFalse();
        }
    }

    private Thread timerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no thread named " + name));
    }
}
