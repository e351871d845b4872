package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class VirtualThreadBridgeTest {

    @Test
    void isAvailableWithTheFlagAndNamesIt() {
        assertThat(VirtualThreadBridge.isAvailable()).isTrue();
        VirtualThreadBridge.requireAvailable();
        assertThat(VirtualThreadBridge.requiredFlag()).isEqualTo("--add-opens java.base/java.lang=ALL-UNNAMED");
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
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            ((PulseScheduler) pulse.scheduler()).execute(ran::countDown);
            assertThat(ran.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(pulse.metrics().faults()).isEqualTo(1);
            ((PulseScheduler) pulse.scheduler()).close();
            assertThatThrownBy(() -> ((PulseScheduler) pulse.scheduler()).execute(() -> {}))
                    .isInstanceOf(RejectedExecutionException.class);
        }
    }
}
