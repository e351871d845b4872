package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * What a handoff is for: a carrier held by its task, computing or blocked. Regression: on a
 * machine with every core busy, the OS left carriers of short polls waiting for a CPU for more
 * than {@code handoffAfter}, and the watchdog, reading the wall clock only, handed them off: 2 to
 * 3 handoffs per 5 s of a well-behaved HTTP load (BENCHMARKS.md, "HTTP capacity"), each adding a
 * runnable carrier to a machine with no core free.
 */
class HandoffCauseTest {

    @Test
    void carriersTheOsKeepsWaitingForACpuAreNotHandedOff() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 4 * cores; i++) { // platform threads at the carriers' priority, on every core
            spinners.add(Thread.ofPlatform().daemon().name("spinner-" + i).start(() -> {
                long x = 1;
                while (!stop.get()) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }));
        }
        LongAdder steps = new LongAdder();
        try (PulseRuntime pulse =
                Pulse.builder().name("descheduled").carriers(2).build()) {
            List<Thread> lights = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(8);
            for (int i = 0; i < 50; i++) {
                lights.add(pulse.ofVirtual().name("light-" + i).start(() -> {
                    for (long due = start; due < end; due += 2_000_000) {
                        LockSupport.parkNanos(due - System.nanoTime());
                        steps.increment(); // a step of well under a microsecond
                    }
                }));
            }
            for (Thread t : lights) {
                assertThat(t.join(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(steps.sum()).as("the lights ran").isGreaterThan(50L * 100);
            assertThat(pulse.metrics().interventions().handoffs())
                    .as(
                            "no task held a carrier: only the OS did. %s",
                            pulse.metrics().interventions())
                    .isZero();
        } finally {
            stop.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }
    }

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
