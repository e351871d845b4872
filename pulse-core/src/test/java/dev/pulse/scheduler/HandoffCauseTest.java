package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a handoff is for: a carrier held by its task, computing or blocked. The watchdog does not
 * hand off a carrier that the OS has running or waiting for a CPU while its poll used little CPU
 * ({@link OsThreadTest} checks the kernel's word it relies on); a carrier blocked in its task with
 * no CPU must still be handed off.
 */
class HandoffCauseTest {

    /** Sleeps in its initializer: a virtual thread initialising it stays pinned to its carrier. */
    static final class SlowToInitialise {
        static final long READY;

        static {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            READY = System.nanoTime();
        }

        private SlowToInitialise() {}
    }

    @Test
    void aCarrierBlockedWhilePinnedIsStillHandedOff() throws InterruptedException {
        try (PulseRuntime pulse = Pulse.builder()
                .name("pinned")
                .carriers(1)
                .handoffAfter(Duration.ofMillis(20))
                .build()) {
            CountDownLatch pinned = new CountDownLatch(1);
            Thread initialiser = pulse.ofVirtual().name("initialiser").start(() -> {
                pinned.countDown();
                assertThat(SlowToInitialise.READY).isPositive();
            });
            assertThat(pinned.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50); // well inside the initializer's second of sleep
            CountDownLatch ran = new CountDownLatch(1);
            pulse.ofVirtual().name("light").start(ran::countDown);
            // the only carrier sleeps in a class initializer, using no CPU: only a handoff frees one
            assertThat(ran.await(500, TimeUnit.MILLISECONDS))
                    .as(
                            "the light task ran while the carrier was blocked; %s",
                            pulse.metrics().interventions())
                    .isTrue();
            assertThat(pulse.metrics().interventions().handoffs()).isPositive();
            assertThat(initialiser.join(Duration.ofSeconds(5))).isTrue();
        }
    }
}
