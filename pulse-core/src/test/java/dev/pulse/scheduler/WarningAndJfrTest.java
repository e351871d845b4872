package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hog produces one warning (log line and JFR event, with its stack) and JFR tier changes. */
class WarningAndJfrTest {

    @Test
    void aHogIsWarnedOnceWithItsStackAndTheRecordingTellsTheStory(@TempDir Path dir) throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("dev.pulse");
        logger.addHandler(capture);
        Path file = dir.resolve("pulse.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.pulse.SlowPoll");
            recording.enable("dev.pulse.TierChange");
            recording.enable("dev.pulse.Handoff");
            recording.start();
            // The wait watches for the event the test asserts: a free hog's handoff. Counting all
            // handoffs is not enough, since the isolation pool is watched too and the checkpointed
            // hog can be handed off there at any time.
            CountDownLatch freeHogHandedOff = new CountDownLatch(1);
            try (RecordingStream handoffs = new RecordingStream()) {
                handoffs.enable("dev.pulse.Handoff");
                handoffs.onEvent("dev.pulse.Handoff", e -> {
                    if (e.getString("taskName").startsWith("free-hog-") && e.getLong("pollNanos") >= 10_000_000) {
                        freeHogHandedOff.countDown();
                    }
                });
                handoffs.startAsync();
                try (PulseRuntime pulse =
                                Pulse.builder().name("jfr").carriers(2).build();
                        Hogs hogs = new Hogs()) {
                    Thread checkpointed =
                            pulse.ofVirtual().name("checkpointed-hog").start(hogs.hog(true));
                    Waits.until(
                            Duration.ofSeconds(10),
                            () -> pulse.metrics().tiers().isolations() >= 1);
                    Waits.until(
                            Duration.ofSeconds(10),
                            () -> pulse.metrics().interventions().warnings() >= 1);
                    Thread[] free = new Thread[3];
                    for (int i = 0; i < free.length; i++) {
                        free[i] = pulse.ofVirtual().name("free-hog-" + i).start(hogs.hog(false));
                    }
                    assertThat(freeHogHandedOff.await(20, TimeUnit.SECONDS))
                            .as("a free hog was handed off")
                            .isTrue();
                    hogs.stop();
                    checkpointed.join();
                    for (Thread t : free) {
                        t.join();
                    }
                    assertThat(pulse.metrics().interventions().warnings())
                            .as("one warning per episode, rate-limited")
                            .isBetween(1L, 2L);
                }
            }
            recording.stop();
            recording.dump(file);
        } finally {
            logger.removeHandler(capture);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> tierChanges = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.pulse.TierChange"))
                .filter(e -> "checkpointed-hog".equals(e.getString("taskName")))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)) // files are not in time order
                .toList();
        assertThat(tierChanges)
                .extracting(e -> e.getString("from") + "->" + e.getString("to"))
                .containsExactly("MONITOR->WARN", "WARN->YIELD", "YIELD->ISOLATE");
        RecordedEvent slow = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.pulse.SlowPoll"))
                .findFirst()
                .orElseThrow();
        assertThat(slow.getString("taskName")).isEqualTo("checkpointed-hog");
        assertThat(slow.getString("runtime")).isEqualTo("jfr");
        assertThat(slow.getLong("pollNanos")).isPositive();
        assertThat(slow.getString("taskStack")).contains("Hogs.lambda$hog");
        // it reaches checkpoints: its third slice overrun (at 3 ms) comes long before the
        // watchdog's long-poll bar (10 ms of CPU in one poll), so that is what it is warned for
        assertThat(slow.getString("cause")).isEqualTo("SLICES_OVERRUN");
        assertThat(slow.getEventType().getCategoryNames()).containsExactly("Pulse");
        assertThat(events)
                .anyMatch(e -> e.getEventType().getName().equals("dev.pulse.Handoff")
                        && e.getString("taskName").startsWith("free-hog-")
                        && e.getLong("pollNanos") >= 10_000_000);
        assertThat(logged)
                .filteredOn(r -> r.getLevel() == java.util.logging.Level.WARNING)
                .anySatisfy(r -> assertThat(new java.util.logging.SimpleFormatter().formatMessage(r))
                        .contains(
                                "'checkpointed-hog'",
                                "(#" + slow.getLong("taskId") + ")",
                                "Hogs.lambda$hog",
                                "past its slice's end",
                                "Pulse makes it yield at slice end"));
        assertThat(Files.size(file)).isPositive();
    }
}
