package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.hooks.PreemptionHooks;
import dev.pulse.tier.TaskState;
import dev.pulse.tier.TierPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A task's grants of checkpoint units follow what its checkpoints cost, so that its slice ends
 * near where it should whether a unit is a nanosecond of work or many microseconds.
 */
class PacedGrantsTest {

    /** Work between two checkpoints: 20 µs, so a 1 ms slice holds about 50 units. */
    private static final long UNIT_NANOS = 20_000;

    private static final int UNITS = 3_000; // 60 ms of work: less than one fixed grant of 4000

    @Test
    void aSliceEndsAfterAboutASlicesWorthOfCostlyCheckpoints() throws InterruptedException {
        AtomicLong spent = new AtomicLong(); // units the hog has spent so far
        List<Long> unitsPerPoll = new ArrayList<>(); // carrier thread only, read after join
        long[] lastSeen = {0};
        PreemptionHooks hooks = new PreemptionHooks() {
            @Override
            public void beforePoll(TaskState task) {}

            @Override
            public void afterPoll(TaskState task, long pollNanos) {
                if (task.name().equals("costly")) {
                    long now = spent.get();
                    unitsPerPoll.add(now - lastSeen[0]);
                    lastSeen[0] = now;
                }
            }

            @Override
            public void onYield(TaskState task) {}
        };
        long forcedYields;
        try (PulseRuntime pulse = Pulse.builder()
                .name("paced")
                .carriers(1) // one carrier: afterPoll's list is written by one thread, in poll order
                .slice(Duration.ofMillis(1))
                .budgetUnits(4000)
                .handoffAfter(Duration.ofSeconds(10))
                .tierPolicy(TierPolicy.builder().promoteAfterSlowPolls(1).build())
                .hooks(hooks)
                .build()) {
            Thread hog = pulse.ofVirtual().name("costly").start(() -> {
                for (int i = 0; i < UNITS; i++) {
                    long until = System.nanoTime() + UNIT_NANOS;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    spent.incrementAndGet();
                    Pulse.checkpoint();
                }
            });
            assertThat(hog.join(Duration.ofSeconds(30))).isTrue();
            forcedYields = pulse.metrics().interventions().forcedYields();
        }
        // with a fixed grant of 4000 units the clock would never be read in these 3000: no yield
        assertThat(forcedYields)
                .as("forced yields; units per poll %s", unitsPerPoll)
                .isGreaterThanOrEqualTo(10);
        // after the first poll (MONITOR, WARN, then the promotion to YIELD) each poll is about a
        // slice: units cost at least 20 µs each, so a grant paced on them holds at most ~51
        List<Long> afterFirst = unitsPerPoll.subList(1, unitsPerPoll.size() - 1); // the last poll ends early
        assertThat(afterFirst)
                .isNotEmpty()
                .allSatisfy(units ->
                        assertThat(units).as("units per poll %s", unitsPerPoll).isLessThanOrEqualTo(100));
    }
}
