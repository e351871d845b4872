package dev.pulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.tier.TaskState;
import dev.pulse.tier.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ranking holds for the numbers it reports, even while the tasks' counters move (they do:
 * carriers run on while a snapshot is taken). Seen in CI: a snapshot listed a task with 261 µs
 * of CPU below one with 126 µs.
 */
class BusiestTasksTest {

    /** A task whose CPU counter grows by {@code step} at every read, as a running task's does. */
    @SuppressWarnings("ArrayRecordComponent") // a read counter the record shares on purpose
    private record Moving(long id, long base, long step, long[] reads) implements TaskState {
        @Override
        public long cpuNanos() {
            return base + step * reads[0]++;
        }

        @Override
        public String name() {
            return "t" + id;
        }

        @Override
        public Thread thread() {
            return Thread.currentThread();
        }

        @Override
        public Tier tier() {
            return Tier.MONITOR;
        }

        @Override
        public long polls() {
            return 1;
        }

        @Override
        public long slowPolls() {
            return 0;
        }

        @Override
        public long pollNanos() {
            return 0;
        }

        @Override
        public long maxPollNanos() {
            return 0;
        }

        @Override
        public long lastSlowPollNanos() {
            return 0;
        }

        @Override
        public long delayNanos() {
            return 0;
        }

        @Override
        public long maxDelayNanos() {
            return 0;
        }

        @Override
        public long forcedYields() {
            return 0;
        }

        @Override
        public long budgetExhaustions() {
            return 0;
        }

        @Override
        public long tierSinceNanos() {
            return 0;
        }
    }

    @Test
    void theListIsBusiestFirstByTheNumbersItShows() {
        List<TaskState> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // slow starters that grow fast: every read changes the order a re-reading comparator sees
            tasks.add(new Moving(i, 1_000L * (30 - i), 500L * i, new long[1]));
        }
        List<TaskSnapshot> top = BusiestTasks.rank(tasks, Map.of(), 10);
        assertThat(top).hasSize(10);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).getCpuNanos())
                    .as("%d after %d", top.get(i).getCpuNanos(), top.get(i - 1).getCpuNanos())
                    .isLessThanOrEqualTo(top.get(i - 1).getCpuNanos());
        }
    }
}
