package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: light threads were warned. A light thread sleeps 5 ms and takes a tiny step; when
 * the OS descheduled its carrier in the middle of that step, the poll was long by the wall clock,
 * and the carrier charged it the CPU it had used <em>between</em> polls since its last CPU reading
 * (queue scanning, other short polls), clamped only to the poll's wall time: the light thread
 * looked like a hog and was promoted to WARN. Here 50 light threads run beside 4 hogs on 2
 * carriers for 20 s while platform threads spin on every core, so carriers are descheduled all
 * the time. No light thread may leave MONITOR, be warned or appear in a tier-change event; the
 * hogs must still be promoted. (Handoffs of light threads' carriers that the OS kept waiting for a
 * CPU: see {@link Watchdog}.)
 */
class NoFalseAlarmTest {

    private static final int CARRIERS = 2;
    private static final int LIGHTS = 50;
    private static final int HOGS = 4;
    private static final Duration RUN = Duration.ofSeconds(20);

    /**
     * The first timed park of a JVM loads and initialises the JDK's timer classes inside the
     * poll that parks and the poll that wakes: milliseconds of real CPU in one poll, which the
     * watchdog rightly calls long. This test is about steady state, so it pays that once first.
     */
    private static void warmUpTimedParks() throws InterruptedException {
        try (PulseRuntime warmUp = Pulse.builder().name("warm-up").carriers(1).build()) {
            Thread t = warmUp.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        }
    }

    @ParameterizedTest(name = "checkpoints in hogs: {0}")
    @ValueSource(booleans = {true, false})
    void lightThreadsAreNeverPromotedOrWarnedBesideHogsUnderContention(boolean checkpoints, @TempDir Path dir)
            throws Exception {
        warmUpTimedParks();
        Path file = dir.resolve("alarms.jfr");
        AtomicBoolean stopSpinners = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            spinners.add(Thread.ofPlatform().daemon().name("os-spinner-" + i).start(() -> {
                long x = 1;
                while (!stopSpinners.get()) {
                    x = x * 6364136223846793005L + 1;
                }
                if (x == 42) {
                    System.out.print(""); // keeps the loop from being removed
                }
            }));
        }
        PulseMetrics end;
        List<TaskState> lightStates = new CopyOnWriteArrayList<>();
        List<Tier> lightTiersAtEnd = new ArrayList<>();
        try (Recording recording = new Recording()) {
            recording.enable("dev.pulse.TierChange");
            recording.enable("dev.pulse.SlowPoll");
            recording.start();
            try (PulseRuntime pulse = Pulse.builder()
                            .name("no-false-alarm-" + checkpoints)
                            .carriers(CARRIERS)
                            .build();
                    Hogs hogs = new Hogs()) {
                AtomicBoolean stopLights = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < LIGHTS; i++) {
                    threads.add(pulse.ofVirtual().name("light-" + i).start(() -> {
                        lightStates.add(Checkpoints.currentTask().taskState());
                        long x = 1;
                        while (!stopLights.get()) {

                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                return;
                            }
                            for (int k = 0; k < 100; k++) { // the tiny step
                                x = x * 6364136223846793005L + 1442695040888963407L;
                            }
                        }
                        if (x == 42) {
                            System.out.print("");
                        }
                    }));
                }
                for (int i = 0; i < HOGS; i++) {
                    threads.add(pulse.ofVirtual().name("hog-" + i).start(hogs.hog(checkpoints)));
                }
                Thread.sleep(RUN.toMillis());
                for (TaskState light : lightStates) { // while they still run: their state is dropped at exit
                    lightTiersAtEnd.add(light.tier());
                }
                end = pulse.metrics();
                stopLights.set(true);
                hogs.stop();
                for (Thread t : threads) {
                    assertThat(t.join(Duration.ofSeconds(10))).isTrue();
                }
            }
            recording.stop();
            recording.dump(file);
        } finally {
            stopSpinners.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<String> lightAlarms = events.stream()
                .filter(e -> List.of("dev.pulse.TierChange", "dev.pulse.SlowPoll")
                        .contains(e.getEventType().getName()))
                .filter(e -> e.getString("taskName").startsWith("light-"))
                .map(e -> e.getEventType().getName() + " " + e.getString("taskName")
                        + (e.hasField("to") ? " -> " + e.getString("to") : " poll " + e.getLong("pollNanos") + " ns"))
                .toList();
        assertThat(lightAlarms).as("tier changes and warnings of light threads").isEmpty();
        assertThat(lightStates).hasSize(LIGHTS);
        assertThat(lightTiersAtEnd).as("light threads' tiers after %s", RUN).containsOnly(Tier.MONITOR);
        assertThat(end.tiers().live().get(Tier.MONITOR))
                .as("live MONITOR tasks: the lights (and this runtime's nothing else) in %s", end)
                .isGreaterThanOrEqualTo(LIGHTS);

        List<String> hogPromotions = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.pulse.TierChange"))
                .filter(e -> e.getString("taskName").startsWith("hog-"))
                .map(e -> e.getString("to"))
                .toList();
        if (checkpoints) {
            assertThat(end.tiers().isolations())
                    .as("checkpointed hogs reached ISOLATE: %s", end)
                    .isEqualTo(HOGS);
            assertThat(hogPromotions).contains("WARN", "YIELD", "ISOLATE");
        } else {
            assertThat(hogPromotions)
                    .as("checkpoint-free hogs were promoted to WARN")
                    .contains("WARN");
            assertThat(end.interventions().handoffs())
                    .as("and handed off: %s", end)
                    .isPositive();
        }
        assertThat(end.interventions().warnings())
                .as("the hogs were warned: %s", end)
                .isPositive();
    }
}
