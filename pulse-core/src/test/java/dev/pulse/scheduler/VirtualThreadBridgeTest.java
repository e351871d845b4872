package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class VirtualThreadBridgeTest {

    @Test
    void isAvailableWithTheFlagAndNamesIt() {
        assertThat(VirtualThreadBridge.isAvailable()).isTrue();
        VirtualThreadBridge.requireAvailable();
        assertThat(VirtualThreadBridge.requiredFlag()).isEqualTo("--add-opens java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    void theCurrentCarrierIsTheCarrierOfAVirtualThreadAndAPlatformThreadItself() throws Exception {
        assertThat(VirtualThreadBridge.currentCarrier()).isSameAs(Thread.currentThread());
        try (PulseRuntime pulse = Pulse.builder().name("carrier-of").carriers(1).build()) {
            Thread[] seen = new Thread[2];
            Thread t = pulse.ofVirtual().start(() -> {
                seen[0] = VirtualThreadBridge.currentCarrier();
                seen[1] = Thread.currentThread();
            });
            assertThat(t.join(Duration.ofSeconds(5))).isTrue();
            assertThat(seen[0]).isInstanceOf(Carrier.class);
            assertThat(seen[1]).isSameAs(t);
        }
    }

    @Test
    void aResubmissionSaysWhetherItIsAYield() throws Exception {
        // every submission of one virtual thread, with what hasYielded said at that moment
        List<String> seen = new CopyOnWriteArrayList<>();
        ExecutorService carrier = Executors.newSingleThreadExecutor();
        try {
            Thread[] self = new Thread[1];
            Executor scheduler = task -> {
                seen.add(self[0] != null && VirtualThreadBridge.hasYielded(self[0]) ? "yield" : "other");
                carrier.execute(task);
            };
            CountDownLatch parked = new CountDownLatch(1);
            self[0] = VirtualThreadBridge.newVirtualThreadBuilder(scheduler).unstarted(() -> {
                Thread.yield();
                parked.countDown();
                LockSupport.park(); // unparked from outside
            });
            self[0].start();
            assertThat(parked.await(5, TimeUnit.SECONDS)).isTrue();
            Waits.until(Duration.ofSeconds(5), () -> self[0].getState() == Thread.State.WAITING);
            LockSupport.unpark(self[0]);
            assertThat(self[0].join(Duration.ofSeconds(5))).isTrue();
            // the start, the yield's resubmission, the unpark's
            assertThat(seen).containsExactly("other", "yield", "other");
        } finally {
            carrier.shutdownNow();
        }
        assertThat(VirtualThreadBridge.hasYielded(Thread.currentThread()))
                .as("a platform thread")
                .isFalse();
    }

    @Test
    void runContinuationIsNullForThreadsThatAreNotVirtual() {
        assertThat(VirtualThreadBridge.runContinuation(Thread.currentThread())).isNull();
    }

    @Test
    void threadOfRejectsRunnablesThatAreNotContinuations() {
        Runnable plain = () -> {};
        assertThatThrownBy(() -> VirtualThreadBridge.threadOf(plain))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a virtual thread's continuation");
    }

    @Test
    void aForeignRunnableSubmittedToTheSchedulerRunsUntrackedAndIsCounted() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("foreign").carriers(1).build()) {
            CountDownLatch ran = new CountDownLatch(1);
            ((PulseScheduler) pulse.scheduler()).execute(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pulse.metrics().faults()).isEqualTo(1);
            ((PulseScheduler) pulse.scheduler()).close();
            assertThatThrownBy(() -> ((PulseScheduler) pulse.scheduler()).execute(() -> {}))
                    .isInstanceOf(RejectedExecutionException.class);
        }
    }
}
