package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.TaskState;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.CpuTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults survived: whatever fails inside Pulse (a clock, a CPU timer, a hook) or inside a task, the
 * carriers keep running, no task is lost, a failure of Pulse's own is counted and named once in the
 * log, and threads outside the runtime are unaffected.
 */
class FaultsTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("dev.pulse").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("dev.pulse").removeHandler(capture);
    }

    private List<String> warningsAbout(String runtime) {
        return logged.stream()
                .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r) + " " + r.getThrown())
                .filter(m -> m.contains("'" + runtime + "'") && m.contains("failure in"))
                .toList();
    }

    /** Runs {@code n} short threads on {@code pulse}, each a few polls, and says how many ended. */
    private static int shortThreads(PulseRuntime pulse, int n) throws InterruptedException {
        AtomicInteger ended = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(pulse.ofVirtual().name("short-" + i).start(() -> {
                Thread.yield();
                ended.incrementAndGet();
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(10))).as("%s ended", t).isTrue();
        }
        return ended.get();
    }

    @Test
    void aCpuTimerThatThrowsMidRunIsReplacedByTheWallClockAndNamedOnce() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        CpuTimer real = CpuTimers.best();
        CpuTimer flaky = new CpuTimer() {
            @Override
            public long nowNanos() {
                if (broken.get()) {
                    throw new IllegalStateException("timer library unloaded");
                }
                return real.nowNanos();
            }

            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public boolean measuresCpuTime() {
                return true;
            }
        };
        try (PulseRuntime pulse =
                Pulse.builder().name("timer-fault").carriers(2).cpuTimer(flaky).build()) {
            assertThat(shortThreads(pulse, 20)).isEqualTo(20);
            broken.set(true);
            AtomicReference<TaskState> spinner = new AtomicReference<>();
            // polls past the slow threshold read the CPU timer at their end
            for (int round = 0; round < 5; round++) {
                pulse.ofVirtual()
                        .start(() -> {
                            spinner.set(Checkpoints.currentTask().taskState());
                            long end = System.nanoTime() + 2_000_000;
                            while (System.nanoTime() < end) {
                                Thread.onSpinWait();
                            }
                        })
                        .join();
            }
            // join() returns inside the thread's last poll: wait for that poll's bookkeeping
            TaskState last = spinner.get();
            Waits.until(Duration.ofSeconds(5), () -> pulse.tasks().stream().noneMatch(t -> t.id() == last.id()));
            assertThat(shortThreads(pulse, 20)).isEqualTo(20);
            PulseMetrics m = pulse.metrics();
            assertThat(m.faults()).as("the failure counted once: %s", m).isEqualTo(1);
            // met on a carrier, logged by the watchdog on its next tick
            Waits.until(
                    Duration.ofSeconds(5), () -> !warningsAbout("timer-fault").isEmpty());
            assertThat(warningsAbout("timer-fault"))
                    .singleElement()
                    .asString()
                    .contains("CPU timer flaky", "wall time from now on", "timer library unloaded");
            assertThat(last.cpuNanos())
                    .as("charged wall time now: cpu %d, poll %d", last.cpuNanos(), last.pollNanos())
                    .isGreaterThanOrEqualTo(last.pollNanos() / 2);
        }
    }

    /**
     * Also the regression for a deadlock this test found: Pulse logged its first failure of each
     * kind on the carrier that met it, through a JUL handler whose {@code publish} is {@code
     * synchronized}. The hog, logging its own checkpoint failure, held that lock while unmounted;
     * both carriers of its pool blocked on it while logging poll failures, so nothing could resume
     * the hog (it stayed RUNNABLE inside {@code StreamHandler.publish}, in 3 of 5 runs).
     */
    @Test
    void aClockThatThrowsNeverReachesATask() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        try (PulseRuntime pulse = Pulse.builder()
                .name("clock-fault")
                .carriers(2)
                .clock(() -> {
                    if (broken.get()) {
                        throw new IllegalStateException("clock source gone");
                    }
                    return System.nanoTime();
                })
                .build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> hogDied = new AtomicReference<>();
            Thread hog = pulse.ofVirtual()
                    .name("checkpointed-hog")
                    .uncaughtExceptionHandler((t, e) -> hogDied.set(e))
                    .start(() -> {
                        while (!stop.get()) {
                            Pulse.checkpoint(); // its slow path reads the clock
                        }
                    });
            Thread.sleep(100);
            broken.set(true);
            // started, polled and parked while the clock throws: none may be lost
            assertThat(shortThreads(pulse, 50)).isEqualTo(50);
            Thread.sleep(200);
            broken.set(false);
            assertThat(shortThreads(pulse, 50)).isEqualTo(50);
            stop.set(true);
            boolean ended = hog.join(Duration.ofSeconds(10));
            assertThat(ended)
                    .as(
                            "the hog ended; it is %s at %s; carriers %s; %s",
                            hog.getState(),
                            java.util.Arrays.toString(hog.getStackTrace()),
                            Thread.getAllStackTraces().keySet().stream()
                                    .map(Thread::getName)
                                    .filter(n -> n.startsWith("pulse-"))
                                    .toList(),
                            pulse.metrics())
                    .isTrue();
            assertThat(hogDied.get()).as("nothing thrown into the task").isNull();
            assertThat(pulse.metrics().faults()).as("counted").isPositive();
            Waits.until(
                    Duration.ofSeconds(5),
                    () -> warningsAbout("clock-fault").stream().anyMatch(w -> w.contains("poll bookkeeping")));
            List<String> warnings = warningsAbout("clock-fault");
            assertThat(warnings).as("each place named once: %s", warnings).doesNotHaveDuplicates();
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("clock source gone"));
        }
    }

    @Test
    void anErrorInsideACheckpointsSlowPathNeverReachesTheTask() throws Exception {
        AtomicInteger thrown = new AtomicInteger();
        PreemptionHooks failing = new PreemptionHooks() {
            @Override
            public void beforePoll(TaskState task) {}

            @Override
            public void afterPoll(TaskState task, long pollNanos) {}

            @Override
            public void onYield(TaskState task) { // runs in the checkpoint's slow path, on the task's thread
                thrown.incrementAndGet();
                throw new AssertionError("an Error from a hook");
            }
        };
        try (PulseRuntime pulse = Pulse.builder()
                .name("slow-path-error")
                .carriers(2)
                .hooks(failing)
                .build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> died = new AtomicReference<>();
            Thread hog = pulse.ofVirtual()
                    .name("hog")
                    .uncaughtExceptionHandler((t, e) -> died.set(e))
                    .start(() -> {
                        while (!stop.get()) {
                            Pulse.checkpoint();
                        }
                    });
            Waits.until(Duration.ofSeconds(10), () -> thrown.get() >= 20);
            stop.set(true);
            assertThat(hog.join(Duration.ofSeconds(10))).isTrue();
            assertThat(died.get()).as("the Error never reached the task").isNull();
            assertThat(pulse.metrics().faults()).isGreaterThanOrEqualTo(20);
            assertThat(pulse.metrics().interventions().forcedYields())
                    .as("and the yields still happened")
                    .isGreaterThanOrEqualTo(20);
            Waits.until(
                    Duration.ofSeconds(5),
                    () -> !warningsAbout("slow-path-error").isEmpty());
            assertThat(warningsAbout("slow-path-error"))
                    .as("named once")
                    .singleElement()
                    .asString()
                    .contains("user hook onYield", "an Error from a hook");
            assertThat(shortThreads(pulse, 20)).isEqualTo(20);
        }
    }

    @Test
    void aClockThatStepsBackwardsBreaksNothing() throws Exception {
        AtomicLong offset = new AtomicLong();
        try (PulseRuntime pulse = Pulse.builder()
                .name("clock-back")
                .carriers(2)
                .clock(() -> System.nanoTime() + offset.get())
                .build()) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread hog = pulse.ofVirtual().name("hog").start(() -> {
                while (!stop.get()) {
                    Pulse.checkpoint();
                }
            });
            Waits.until(
                    Duration.ofSeconds(10),
                    () -> pulse.metrics().interventions().forcedYields() > 0);
            offset.addAndGet(-Duration.ofSeconds(1).toNanos()); // an NTP-style step back
            assertThat(shortThreads(pulse, 50)).isEqualTo(50);
            long yields = pulse.metrics().interventions().forcedYields();
            Waits.until(
                    Duration.ofSeconds(10),
                    () -> pulse.metrics().interventions().forcedYields() > yields + 10);
            stop.set(true);
            assertThat(hog.join(Duration.ofSeconds(10))).isTrue();
            PulseMetrics m = pulse.metrics();
            assertThat(m.faults()).as("a step back is no failure: %s", m).isZero();
            assertThat(m.polls().maxNanos())
                    .as("no poll is charged a negative time")
                    .isNotNegative();
            assertThat(m.polls().totalNanos()).isNotNegative();
        }
    }

    @Test
    void aTaskThatOverflowsItsStackLeavesTheCarriersRunning() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("overflow").carriers(2).build()) {
            AtomicReference<Throwable> died = new AtomicReference<>();
            Thread deep = pulse.ofVirtual()
                    .name("deep")
                    .uncaughtExceptionHandler((t, e) -> died.set(e))
                    .start(FaultsTest::recurse);
            assertThat(deep.join(Duration.ofSeconds(10))).isTrue();
            assertThat(died.get()).isInstanceOf(StackOverflowError.class);
            assertThat(shortThreads(pulse, 100)).isEqualTo(100);
            Waits.until(Duration.ofSeconds(5), () -> pulse.metrics().tiers().liveTotal() == 0);
            assertThat(pulse.metrics().faults())
                    .as("the task's own error is not Pulse's")
                    .isZero();
        }
    }

    private static int depth;

    /** Recurses until the stack overflows (the depth check never ends it: it keeps the compiler quiet). */
    private static void recurse() {
        if (++depth > 0) {
            recurse();
        }
    }

    @Test
    void aHookThatBlocksDelaysPollsButLosesNothing() throws Exception {
        AtomicInteger blocked = new AtomicInteger();
        PreemptionHooks slow = new PreemptionHooks() {
            @Override
            public void beforePoll(TaskState task) {
                if (task.name().startsWith("short-1") && blocked.incrementAndGet() <= 3) {
                    try {
                        Thread.sleep(100); // on the carrier: it is blocked for 100 ms
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void afterPoll(TaskState task, long pollNanos) {}

            @Override
            public void onYield(TaskState task) {}
        };
        try (PulseRuntime pulse =
                Pulse.builder().name("slow-hook").carriers(2).hooks(slow).build()) {
            long started = System.nanoTime();
            assertThat(shortThreads(pulse, 40)).isEqualTo(40);
            assertThat(blocked.get()).as("the hook did block").isGreaterThanOrEqualTo(3);
            assertThat(System.nanoTime() - started)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            assertThat(pulse.metrics().faults()).as("slow is not failed").isZero();
        }
    }

    /**
     * What close() does to tasks still running (the contract in {@code PulseRuntime.close()}):
     * it returns within its bound even with hogs on every carrier; a task in a poll runs on until
     * that poll ends; a task that would need the runtime again (a yield, a wake-up) is not resumed;
     * new tasks are rejected; and once the last poll ends no Pulse thread is left.
     */
    @Test
    void closeWhileHogsRunReturnsWithinItsBoundAndLeavesNoThreadOnceThePollsEnd() throws Exception {
        PulseRuntime pulse = Pulse.builder().name("close-busy").carriers(2).build();
        AtomicBoolean stopFree = new AtomicBoolean();
        AtomicLong checkpointedIterations = new AtomicLong();
        List<Thread> checkpointed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            checkpointed.add(pulse.ofVirtual().name("checkpointed-" + i).start(() -> {
                while (true) {
                    checkpointedIterations.incrementAndGet();
                    Pulse.checkpoint();
                }
            }));
        }
        Thread free = pulse.ofVirtual().name("free").start(() -> {
            while (!stopFree.get()) {
                Thread.onSpinWait(); // no checkpoint: holds its carrier until told to stop
            }
        });
        Waits.until(
                Duration.ofSeconds(10), () -> pulse.metrics().interventions().forcedYields() > 0);

        long started = System.nanoTime();
        pulse.close();
        long took = System.nanoTime() - started;
        assertThat(took)
                .as("close() returns within 5 s per pool")
                .isLessThan(Duration.ofSeconds(11).toNanos());
        assertThatThrownBy(() -> pulse.ofVirtual().start(() -> {}))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessageContaining("'close-busy' is closed");

        // the checkpointed hogs yielded after close and were not resumed: they make no progress
        Thread.sleep(200);
        long iterations = checkpointedIterations.get();
        Thread.sleep(300);
        assertThat(checkpointedIterations.get()).as("not resumed after close").isEqualTo(iterations);
        for (Thread t : checkpointed) {
            assertThat(t.isAlive()).as("%s is parked for good, not ended", t).isTrue();
        }
        // the checkpoint-free hog is still in its poll; when it ends, its carrier goes too
        assertThat(free.isAlive()).isTrue();
        stopFree.set(true);
        assertThat(free.join(Duration.ofSeconds(5))).isTrue();
        Waits.until(
                Duration.ofSeconds(10),
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("pulse-close-busy-")));
    }

    @Test
    void closeFromInsideItsOwnThreadReturnsAndASecondCloseIsHarmless() throws Exception {
        PulseRuntime pulse = Pulse.builder().name("self-close").carriers(2).build();
        AtomicBoolean returned = new AtomicBoolean();
        Thread closer = pulse.ofVirtual().name("closer").start(() -> {
            pulse.close();
            returned.set(true);
        });
        assertThat(closer.join(Duration.ofSeconds(10))).as("no deadlock").isTrue();
        assertThat(returned).isTrue();
        assertThatThrownBy(() -> pulse.ofVirtual().start(() -> {}))
                .as("closed from its own thread: closed all the same")
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        pulse.close(); // again, from outside
        pulse.close();
        Thread outside = Thread.ofVirtual().start(() -> {}); // the JDK's scheduler is untouched
        assertThat(outside.join(Duration.ofSeconds(5))).isTrue();
    }
}
