package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Start, close, leaks, faults, the disabled mode and the missing JVM flag. */
class LifecycleTest {

    private static List<String> pulseThreads(String name) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("pulse-" + name + "-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void closeStopsCarriersAndWatchdogAndRejectsLaterTasks() throws Exception {
        PulseRuntime pulse = Pulse.builder().name("closing").carriers(2).build();
        for (int i = 0; i < 10; i++) {
            pulse.ofVirtual().start(() -> {}).join();
        }
        assertThat(pulseThreads("closing")).contains("pulse-closing-watchdog").anyMatch(n -> n.contains("-main-"));
        pulse.close();
        pulse.close(); // idempotent
        Waits.until(Duration.ofSeconds(10), () -> pulseThreads("closing").isEmpty());
        assertThatThrownBy(() -> pulse.ofVirtual().start(() -> {}))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void noPerTaskStateIsLeftAfterManyShortThreads() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("leak").carriers(2).build()) {
            int total = 100_000;
            CountDownLatch done = new CountDownLatch(total);
            for (int i = 0; i < total; i++) {
                pulse.ofVirtual().start(done::countDown);
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            Waits.until(Duration.ofSeconds(10), () -> pulse.tasks().isEmpty());
            PulseMetrics m = pulse.metrics();
            assertThat(m.tiers().liveTotal()).isZero();
            assertThat(m.interventions().slowQueueSize()).isZero();
            assertThat(m.polls().count()).isGreaterThanOrEqualTo(total);
        }
    }

    @Test
    void aWellBehavedWorkloadIsNeverYieldedIsolatedOrWarned() throws Exception {
        // a cold JVM interprets and loads classes: those first polls are slow for real
        try (PulseRuntime warmUp = Pulse.builder().name("warm-up").carriers(2).build()) {
            calmWorkload(warmUp);
        }
        try (PulseRuntime pulse = Pulse.builder().name("calm").carriers(2).build()) {
            calmWorkload(pulse);
            PulseMetrics m = pulse.metrics();
            assertThat(m.polls().count()).isGreaterThan(2_000);
            assertThat(m.interventions().forcedYields()).as("%s", m).isZero();
            assertThat(m.tiers().isolations()).as("%s", m).isZero();
            assertThat(m.interventions().warnings()).as("%s", m).isZero();
            assertThat(m.tiers().promotions().values()).as("%s", m).containsOnly(0L);
        }
    }

    private static void calmWorkload(PulseRuntime pulse) throws InterruptedException {
        {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                threads.add(pulse.ofVirtual().start(() -> {
                    for (int k = 0; k < 40; k++) {
                        long x = 0;
                        for (int j = 0; j < 200; j++) { // a few microseconds of work
                            x += j;
                            Pulse.checkpoint();
                        }
                        try {
                            Thread.sleep(5 + x % 2);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void throwingUserHooksAreCountedAndTasksRunOn() throws Exception {
        LongAdder calls = new LongAdder();
        PreemptionHooks broken = new PreemptionHooks() {
            @Override
            public void beforePoll(TaskState task) {
                calls.increment();
                throw new IllegalStateException("before");
            }

            @Override
            public void afterPoll(TaskState task, long pollNanos) {
                throw new IllegalStateException("after");
            }

            @Override
            public void onYield(TaskState task) {
                throw new IllegalStateException("yield");
            }
        };
        try (PulseRuntime pulse = Pulse.builder()
                        .name("broken-hooks")
                        .carriers(2)
                        .hooks(broken)
                        .build();
                Hogs hogs = new Hogs()) {
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                pulse.ofVirtual().start(ran::incrementAndGet).join();
            }
            Thread hog = pulse.ofVirtual().start(hogs.hog(true));
            Waits.until(
                    Duration.ofSeconds(10),
                    () -> pulse.metrics().interventions().forcedYields() > 0);
            hogs.stop();
            hog.join();
            assertThat(ran).hasValue(20);
            assertThat(calls.sum()).isGreaterThanOrEqualTo(20);
            assertThat(pulse.metrics().faults()).isGreaterThanOrEqualTo(41); // 20 x 2 + at least one onYield
        }
    }

    @Test
    void disabledRuntimeRunsThreadsWithoutInterventions() throws Exception {
        try (PulseRuntime pulse =
                        Pulse.builder().name("off").carriers(2).enabled(false).build();
                Hogs hogs = new Hogs()) {
            AtomicInteger ran = new AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Object> task =
                    new java.util.concurrent.atomic.AtomicReference<>("unset");
            pulse.ofVirtual()
                    .start(() -> {
                        ran.incrementAndGet();
                        Pulse.checkpoint(); // a no-op when disabled
                        task.set(Checkpoints.currentTask()); // asserted below, in the test's thread
                    })
                    .join();
            assertThat(task.get())
                    .as("a disabled runtime's thread is no Pulse task")
                    .isNull();
            Thread hog = pulse.ofVirtual().start(hogs.hog(true));
            Thread.sleep(100);
            hogs.stop();
            hog.join();
            PulseMetrics m = pulse.metrics();
            assertThat(ran).hasValue(1);
            assertThat(m.enabled()).isFalse();
            assertThat(m.polls().count()).isZero();
            assertThat(m.interventions().forcedYields()).isZero();
            assertThat(m.tiers().liveTotal()).isZero();
            assertThat(pulseThreads("off")).doesNotContain("pulse-off-watchdog");
        }
    }

    @Test
    void checkpointsOutsidePulseAreNoOps() throws Exception {
        Pulse.checkpoint();
        Pulse.consumeBudget(100);
        Thread.ofVirtual()
                .start(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        Pulse.checkpoint();
                    }
                })
                .join();
        assertThat(Checkpoints.currentTask()).isNull();
        assertThatThrownBy(() -> Pulse.consumeBudget(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget units to consume must be between 1 and 65535, was 0");
    }

    @Test
    void consumeBudgetSpendsManyUnitsAtOnce() throws Exception {
        try (PulseRuntime pulse =
                Pulse.builder().name("consume").carriers(1).budgetUnits(1000).build()) {
            long[] exhaustions = new long[1];
            pulse.ofVirtual()
                    .start(() -> {
                        TaskState self = Checkpoints.currentTask().taskState();
                        for (int i = 0; i < 10; i++) {
                            Pulse.consumeBudget(1000);
                        }
                        exhaustions[0] = self.budgetExhaustions();
                    })
                    .join();
            assertThat(exhaustions[0]).isEqualTo(10);
        }
    }

    @Test
    void withoutTheJvmFlagBuildFailsNamingIt() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        javaBin.toString(), "-cp", System.getProperty("java.class.path"), NoFlagMain.class.getName())
                .redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toString(StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("--add-opens java.base/java.lang=ALL-UNNAMED").contains("available=false");
        assertThat(p.exitValue()).isEqualTo(3);
    }

    /** Runs in a child JVM without --add-opens. */
    static final class NoFlagMain {
        public static void main(String[] args) {
            System.out.println("available=" + VirtualThreadBridge.isAvailable());
            try (PulseRuntime pulse = Pulse.builder().build()) {
                System.out.println("started " + pulse.name());
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void handedOffCarriersAreRetiredWhenTheStuckPollEnds() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("handoff").carriers(2).build();
                Hogs hogs = new Hogs()) {
            List<Thread> hogThreads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hogThreads.add(pulse.ofVirtual().start(hogs.hog(false)));
            }
            Waits.until(Duration.ofSeconds(10), () -> pulse.metrics().carriers().extra() >= 2);
            // a replacement carrier registers when its thread starts, just after the handoff
            Waits.until(Duration.ofSeconds(10), () -> pulse.metrics().carriers().main() >= 4);
            PulseMetrics during = pulse.metrics();
            assertThat(during.interventions().handoffs()).isGreaterThanOrEqualTo(2);
            assertThat(during.topTasks())
                    .as("hogs stuck in one poll rank by their poll in progress")
                    .anyMatch(t -> t.getRunningPollNanos() >= 1_000_000 && t.getCpuNanos() == 0);
            assertThat(during.carriers().main()).isGreaterThanOrEqualTo(4);
            hogs.stop();
            for (Thread t : hogThreads) {
                t.join();
            }
            Waits.until(Duration.ofSeconds(10), () -> pulse.metrics().carriers().extra() == 0);
            Waits.until(Duration.ofSeconds(20), () -> pulse.metrics().carriers().main() <= 2);
        }
    }

    @Test
    void maxExtraCarriersBoundsHandoffs() throws Exception {
        try (PulseRuntime pulse = Pulse.builder()
                        .name("bounded")
                        .carriers(1)
                        .maxExtraCarriers(1)
                        .build();
                Hogs hogs = new Hogs()) {
            List<Thread> hogThreads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hogThreads.add(pulse.ofVirtual().start(hogs.hog(false)));
            }
            Thread.sleep(300);
            PulseMetrics m = pulse.metrics();
            assertThat(m.carriers().extra()).isEqualTo(1);
            assertThat(m.interventions().handoffs()).isEqualTo(1);
            hogs.stop();
            for (Thread t : hogThreads) {
                t.join();
            }
        }
    }

    @Test
    void checkpointedHogsAreIsolatedAndComeBackWhenTheyBehave() throws Exception {
        dev.pulse.tier.TierPolicy quick = dev.pulse.tier.TierPolicy.builder()
                .minTierDwell(Duration.ofMillis(20))
                .demoteAfterGoodPolls(20)
                .build();
        try (PulseRuntime pulse =
                Pulse.builder().name("isolate").carriers(2).tierPolicy(quick).build()) {
            java.util.concurrent.atomic.AtomicBoolean calm = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<String> carrierName =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<TaskState> state =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread hog = pulse.ofVirtual().name("phased").start(() -> {
                state.set(Checkpoints.currentTask().taskState());
                while (!stop.get()) {
                    if (!calm.get()) {
                        Pulse.checkpoint();
                        if (state.get().tier() == Tier.ISOLATE) {
                            carrierName.compareAndSet(null, carrierOf(Thread.currentThread()));
                        }
                    } else {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            Waits.until(Duration.ofSeconds(10), () -> carrierName.get() != null);
            assertThat(carrierName.get()).contains("pulse-isolate-isolation-");
            assertThat(pulse.metrics().tiers().isolations())
                    .as("%s", pulse.metrics())
                    .isPositive();
            calm.set(true);
            Waits.until(Duration.ofSeconds(20), () -> state.get().tier() == Tier.MONITOR);
            assertThat(pulse.metrics().tiers().demotions().get(Tier.MONITOR)).isPositive();
            stop.set(true);
            hog.join();
        }
    }

    private static String carrierOf(Thread virtual) {
        // VirtualThread.toString() ends with "@<carrier name>" while mounted
        String s = virtual.toString();
        return s.substring(s.lastIndexOf('@') + 1);
    }
}
