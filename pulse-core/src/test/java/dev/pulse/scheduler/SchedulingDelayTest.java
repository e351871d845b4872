package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.TaskSnapshot;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A task that calls {@code Thread.yield()} gives way to a task queued meanwhile, and is ready
 * again from the end of that poll: its next poll's scheduling delay is the time it then waited.
 * Regressions: the yielding task was pushed onto its carrier's own queue and ran again at once,
 * ahead of the other task; and the ready time of a yield comes from the poll's end-of-poll clock
 * read, where a stale one would add the whole earlier poll to the delay.
 */
class SchedulingDelayTest {

    private static void spin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aYieldGivesWayToTheTaskQueuedMeanwhileAndWaitsFromItsPollsEnd() throws Exception {
        try (PulseRuntime pulse = Pulse.builder()
                .name("delay")
                .carriers(1)
                .handoffAfter(Duration.ofHours(1)) // the queue must wait for the spinning polls
                .build()) {
            CountDownLatch spinning = new CountDownLatch(1);
            CountDownLatch resumed = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread yielder = pulse.ofVirtual().name("yielder").start(() -> {
                spinning.countDown();
                spin(Duration.ofMillis(200)); // one poll; the other task is queued meanwhile
                Thread.yield(); // behind the other task, which spins 30 ms in its poll
                resumed.countDown();
                awaitQuietly(release);
            });
            assertThat(spinning.await(5, TimeUnit.SECONDS)).isTrue();
            Thread other = pulse.ofVirtual().name("other").start(() -> {
                spin(Duration.ofMillis(30));
                awaitQuietly(release);
            });
            assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();
            // a poll's delay is recorded when the poll ends: here when the yielder parks
            Waits.until(Duration.ofSeconds(10), () -> yielder(pulse).getPolls() >= 2);
            TaskSnapshot task = yielder(pulse);
            // waited behind the other task's 30 ms poll; a ready time from before its own 200 ms
            // poll would read 230 ms or more
            assertThat(Duration.ofNanos(task.getMaxDelayNanos()))
                    .as("%s", task)
                    .isBetween(Duration.ofMillis(25), Duration.ofMillis(150));
            release.countDown();
            assertThat(yielder.join(Duration.ofSeconds(5))).isTrue();
            assertThat(other.join(Duration.ofSeconds(5))).isTrue();
        }
    }

    private static TaskSnapshot yielder(PulseRuntime pulse) {
        return pulse.metrics().topTasks().stream()
                .filter(t -> t.getName().equals("yielder"))
                .findFirst()
                .orElseThrow();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
