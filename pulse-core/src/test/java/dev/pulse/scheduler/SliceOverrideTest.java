package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pulse.CheckpointAbi;
import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.TaskHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code Pulse.checkpoint(units, sliceNanos)}, the checkpoint {@code @PreemptionBudget} code gets:
 * its slice replaces the runtime's for the task that calls it.
 */
class SliceOverrideTest {

    private static final Duration RUNTIME_SLICE = Duration.ofMillis(5);

    @Test
    void aShorterSliceMakesHogsYieldMoreOften() throws InterruptedException {
        long runtimeSlice = forcedYieldsInOneSecond(0);
        long shortSlice = forcedYieldsInOneSecond(500_000); // a tenth of the runtime's 5 ms
        // about 10x in theory; 3x is a wide margin for 2 noisy cores
        assertThat(shortSlice)
                .as("forced yields with a 0.5 ms slice vs %d with the runtime's 5 ms", runtimeSlice)
                .isGreaterThan(3 * runtimeSlice);
        assertThat(runtimeSlice).isPositive();
    }

    @Test
    void outOfRangeArgumentsAreRejectedEvenOutsidePulse() {
        Pulse.checkpoint(1, 0); // the runtime's slice: fine, and a no-op on this platform thread
        Pulse.checkpoint(65_535, dev.pulse.Limits.MAX_SLICE_NANOS);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Pulse.checkpoint(0, 0))
                .withMessage("checkpoint units must be between 1 and 65535, was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Pulse.checkpoint(1, 9_999))
                .withMessage(
                        "checkpoint slice must be 0 (the runtime's) or between 10 us and 1 s (10000 to 1000000000 ns),"
                                + " was 9999 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> Pulse.checkpoint(1, 1_000_000_001L));
        assertThatIllegalArgumentException().isThrownBy(() -> Pulse.checkpoint(65_536, 0));
    }

    @Test
    void aTaskLookedUpOnceSpendsItsBudgetLikeTheThreadLocalPath() throws InterruptedException {
        try (PulseRuntime pulse = Pulse.builder()
                .name("task-handle")
                .carriers(1)
                .budgetUnits(10)
                .slice(Duration.ofSeconds(1)) // no slice ends in the loops: every grant is the whole 10
                .handoffAfter(Duration.ofSeconds(1))
                .build()) {
            long[] exhaustions = {-1, -1};
            boolean[] onPulse = new boolean[1];
            pulse.ofVirtual()
                    .start(() -> {
                        TaskHandle task = CheckpointAbi.task(); // what instrumented code does
                        ScheduledTask self = Checkpoints.currentTask();
                        onPulse[0] = task != null; // asserted below, in the test's thread
                        if (task == null) {
                            return;
                        }
                        for (int i = 0; i < 100; i++) {
                            CheckpointAbi.checkpoint(task); // 10 units: 10 exhaustions
                        }
                        exhaustions[0] = self.taskState().budgetExhaustions();
                        for (int i = 0; i < 25; i++) {
                            CheckpointAbi.checkpoint(task, 4, 0); // 100 units in 4s: every third call
                        }
                        exhaustions[1] = self.taskState().budgetExhaustions();
                    })
                    .join();
            assertThat(onPulse[0]).as("the thread found its Pulse task").isTrue();
            assertThat(exhaustions[0]).isEqualTo(10);
            assertThat(exhaustions[1] - exhaustions[0]).isEqualTo(8);
        }
        assertThat(CheckpointAbi.task()).as("a platform thread has no task").isNull();
        CheckpointAbi.checkpoint(null); // a thread that is no Pulse task: nothing happens
        CheckpointAbi.checkpoint(null, 1, 0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CheckpointAbi.checkpoint(null, 1, 1))
                .withMessageContaining("was 1 ns");
    }

    /** Two hogs on one carrier (and one isolation carrier) for 1 s; their forced yields. */
    private static long forcedYieldsInOneSecond(long sliceNanos) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        try (PulseRuntime pulse = Pulse.builder()
                .name("slice-" + sliceNanos)
                .carriers(1)
                .isolationCarriers(1)
                .slice(RUNTIME_SLICE)
                .handoffAfter(Duration.ofSeconds(10))
                .budgetUnits(16)
                .build()) {
            List<Thread> hogs = new ArrayList<>();
            long[] iterations = new long[2];
            for (int i = 0; i < 2; i++) {
                int hog = i;
                hogs.add(pulse.ofVirtual().start(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        n++;
                        Pulse.checkpoint(1, sliceNanos);
                    }
                    iterations[hog] = n; // read after join, in the test's thread
                }));
            }
            Thread.sleep(1_000);
            long yields = pulse.metrics().interventions().forcedYields();
            stop.set(true);
            for (Thread t : hogs) {
                assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(iterations[0]).as("hog 0 ran its loop").isPositive();
            assertThat(iterations[1]).as("hog 1 ran its loop").isPositive();
            return yields;
        }
    }
}
