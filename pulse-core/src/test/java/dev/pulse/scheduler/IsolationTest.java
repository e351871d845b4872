package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The isolation pool can starve no task, and a task that stops hogging comes back to main carriers. */
class IsolationTest {

    /**
     * Regression: the watchdog scanned only the main carriers, and the isolation pool could add
     * none. Four checkpointed hogs reach ISOLATE on 2 isolation carriers; two of them then spin
     * with no checkpoint and hold both carriers. The other two isolated hogs got no poll at all
     * (and never would); now the stuck isolation carriers are handed off like main ones.
     */
    @Test
    void isolatedHogsThatStopReachingCheckpointsDoNotStarveTheOtherIsolatedTasks() throws Exception {
        try (PulseRuntime pulse = Pulse.builder()
                .name("isolation-stuck")
                .carriers(2)
                .isolationCarriers(2)
                .build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean freeze = new AtomicBoolean();
            List<TaskState> states = new CopyOnWriteArrayList<>();
            List<Thread> hogs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean freezes = i < 2;
                hogs.add(pulse.ofVirtual().name("iso-hog-" + i).start(() -> {
                    states.add(Checkpoints.currentTask().taskState());
                    long x = 1;
                    while (!stop.get()) {
                        x = x * 31 + 7;
                        if (freezes && freeze.get()) {
                            while (!stop.get()) { // no checkpoint from here on: only a handoff helps
                                x = x * 31 + 7;
                            }
                        }
                        Pulse.checkpoint();
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                }));
            }
            Waits.until(Duration.ofSeconds(15), () -> pulse.metrics().tiers().isolations() == 4);
            freeze.set(true);
            Thread.sleep(300); // the freezing hogs reach their checkpoint-free loops and hold the carriers
            List<TaskState> others = states.stream()
                    .filter(s -> s.name().equals("iso-hog-2") || s.name().equals("iso-hog-3"))
                    .toList();
            assertThat(others).hasSize(2);
            long[] before = others.stream().mapToLong(TaskState::polls).toArray();
            Thread.sleep(2_000);
            long[] after = others.stream().mapToLong(TaskState::polls).toArray();
            PulseMetrics m = pulse.metrics();
            stop.set(true);
            for (Thread t : hogs) {
                assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            }
            for (int i = 0; i < 2; i++) {
                // 2 s of 1 ms slices: hundreds of polls when served; 0 when starved
                assertThat(after[i] - before[i])
                        .as(
                                "polls of %s in 2 s beside two stuck isolated hogs: %s",
                                others.get(i).name(), m)
                        .isGreaterThan(50);
            }
            assertThat(m.interventions().handoffs())
                    .as("the stuck isolation carriers were handed off: %s", m)
                    .isGreaterThanOrEqualTo(2);
            assertThat(m.carriers().extra())
                    .as("at most maxExtraCarriers in the whole runtime: %s", m)
                    .isLessThanOrEqualTo(pulse.config().maxExtraCarriers());
        }
    }

    /**
     * Demotion end to end: a hog reaches ISOLATE and runs on isolation carriers; once it behaves
     * (sleeps between tiny steps) it is demoted out of ISOLATE, and its polls run on main carriers
     * again. The carrier is read from the thread itself: a mounted virtual thread's {@code
     * toString()} names its carrier. (Further steps down need 100 good polls in a row each; on this
     * VM a sleeping task's polls are now and then slow by the CPU clock, which can hold it at YIELD
     * for long, so the test asserts the step that moves it back to main carriers.)
     */
    @Test
    void aDemotedTaskRunsOnMainCarriersAgain() throws Exception {
        try (PulseRuntime pulse = Pulse.builder()
                .name("demotion")
                .carriers(2)
                .isolationCarriers(1)
                .build()) {
            AtomicReference<String> isolatedOn = new AtomicReference<>();
            AtomicReference<String> demotedOn = new AtomicReference<>();
            AtomicReference<Tier> lastTier = new AtomicReference<>();
            Thread task = pulse.ofVirtual().name("reformed").start(() -> {
                TaskState state = Checkpoints.currentTask().taskState();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                long x = 1;
                while (state.tier() != Tier.ISOLATE && System.nanoTime() < deadline) {
                    x = x * 31 + 7;
                    Pulse.checkpoint();
                }
                Thread.yield(); // a new poll, on the pool of its tier
                isolatedOn.set(Thread.currentThread().toString());
                while (state.tier() == Tier.ISOLATE && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(1); // behave: short polls, idle in between
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Thread.yield();
                demotedOn.set(Thread.currentThread().toString());
                lastTier.set(state.tier());
                if (x == 42) {
                    System.out.print("");
                }
            });
            assertThat(task.join(Duration.ofSeconds(20))).isTrue();
            assertThat(isolatedOn.get()).as("while isolated").contains("@pulse-demotion-isolation-");
            assertThat(lastTier.get()).as("demoted: %s", pulse.metrics()).isLessThan(Tier.ISOLATE);
            assertThat(demotedOn.get()).as("after demotion").contains("@pulse-demotion-main-");
            assertThat(pulse.metrics().tiers().demotions().get(Tier.YIELD)).isEqualTo(1L);
        }
    }
}
