package dev.pulse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskBudgetTest {

    @Test
    void consumeCountsDownAndSaysWhenExhausted() {
        TaskBudget budget = new TaskBudget(3, 0);
        assertThat(budget.consume(1)).isFalse();
        assertThat(budget.remaining()).isEqualTo(2);
        assertThat(budget.consume(1)).isFalse();
        assertThat(budget.consume(1)).isTrue();
        assertThat(budget.remaining()).isZero();
        assertThat(budget.consume(1)).as("stays exhausted").isTrue();
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void consumingMoreThanLeftExhaustsWithoutUnderflow() {
        TaskBudget budget = new TaskBudget(10, 0);
        assertThat(budget.consume(25)).isTrue();
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void resetAndRefillRestoreUnits() {
        TaskBudget budget = new TaskBudget(TaskBudget.MAX_UNITS, 0);
        budget.consume(TaskBudget.MAX_UNITS);
        budget.refill(7);
        assertThat(budget.remaining()).isEqualTo(7);
        budget.reset(TaskBudget.MAX_UNITS, 1_000_000);
        assertThat(budget.remaining()).isEqualTo(TaskBudget.MAX_UNITS);
    }

    @Test
    void aPacedGrantLastsTheTimeAskedForAtTheLastGrantsPace() {
        // 4000 units lasted 8,000 ticks: half a unit a tick; 976 ticks (1 ms) need 488
        assertThat(TaskBudget.paced(4000, 8_000, 976, 4000)).isEqualTo(488);
        // a cheap unit: the grant that would last the slice is more than the ceiling, which holds
        assertThat(TaskBudget.paced(4000, 100, 976, 4000)).isEqualTo(4000);
        assertThat(TaskBudget.paced(4000, 100, 976, TaskBudget.MAX_UNITS)).isEqualTo(39_040);
        // no time measured (under a tick) counts as one tick, not a division by zero
        assertThat(TaskBudget.paced(10, 0, 976, TaskBudget.MAX_UNITS)).isEqualTo(9_760);
        assertThat(TaskBudget.paced(10, -5, 976, TaskBudget.MAX_UNITS)).isEqualTo(9_760);
        // a unit slower than what is left, or nothing left: still one unit, so the task goes on
        assertThat(TaskBudget.paced(1, 5_000, 976, 4000)).isEqualTo(1);
        assertThat(TaskBudget.paced(4000, 8_000, 0, 4000)).isEqualTo(1);
        assertThat(TaskBudget.paced(4000, 8_000, -30, 4000)).isEqualTo(1);
        // no overflow at the extremes
        assertThat(TaskBudget.paced(TaskBudget.MAX_UNITS, 1, Integer.MAX_VALUE, TaskBudget.MAX_UNITS))
                .isEqualTo(TaskBudget.MAX_UNITS);
    }

    @Test
    void ticksLeftAndResizeSliceMoveWithTheDeadline() {
        long now = 5_000_000_000L;
        TaskBudget budget = new TaskBudget(1, now + 1_024_000); // 1,000 ticks from now
        assertThat(budget.ticksLeft(now)).isEqualTo(1_000);
        assertThat(budget.ticksLeft(now + 1_024_000 + 10_240)).isEqualTo(-10);
        budget.resizeSlice(1_024_000, 102_400); // measured against a tenth of the slice
        assertThat(budget.ticksLeft(now)).isEqualTo(100);
        assertThat(budget.deadlinePassed(now + 103_000)).isTrue();
        budget.resizeSlice(102_400, 1_024_000);
        assertThat(budget.ticksLeft(now)).isEqualTo(1_000);
        assertThat(TaskBudget.ticks(1_024_000)).isEqualTo(1_000);
        assertThat(TaskBudget.ticks(-1_024)).isEqualTo(-1);
    }

    @Test
    void deadlineComparesOnTheTickScale() {
        long now = 5_000_000_000L;
        TaskBudget budget = new TaskBudget(1, now + 1_000_000);
        assertThat(budget.deadlinePassed(now)).isFalse();
        assertThat(budget.deadlinePassed(now + 999_000)).isFalse();
        assertThat(budget.deadlinePassed(now + 1_001_000)).isTrue();
        assertThat(budget.deadlinePassed(now + 60_000_000_000L))
                .as("a minute late")
                .isTrue();
    }

    @Test
    void deadlineSurvivesTheTruncatedTicksWrappingAround() {
        // nanoTime values whose tick count crosses 2^31 and 2^32 between deadline and now
        for (long base :
                new long[] {(1L << 41) - 500_000, (1L << 42) - 500_000, -7_000_000_000L, Long.MAX_VALUE - 5_000_000_000L
                }) {
            TaskBudget budget = new TaskBudget(1, base + 1_000_000);
            assertThat(budget.deadlinePassed(base)).as("before, base %d", base).isFalse();
            assertThat(budget.deadlinePassed(base + 2_000_000))
                    .as("after, base %d", base)
                    .isTrue();
        }
    }

    @Test
    void tierIsReadAndChangedAtomically() {
        TaskBudget budget = new TaskBudget(1, 0);
        assertThat(budget.tierCode()).isZero();
        assertThat(budget.compareAndSetTier(0, 2)).isTrue();
        assertThat(budget.compareAndSetTier(0, 3)).as("stale expectation").isFalse();
        assertThat(budget.tierCode()).isEqualTo(2);
        budget.setTier(1);
        assertThat(budget.tierCode()).isEqualTo(1);
        assertThat(budget.toString()).contains("units=1", "tier=1");
    }

    @Test
    void consumeNeverLosesATierChangeAndViceVersa() throws InterruptedException {
        TaskBudget budget = new TaskBudget(TaskBudget.MAX_UNITS, 0);
        Thread tierFlipper = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200_000; i++) {
                int t = budget.tierCode();
                budget.compareAndSetTier(t, (t + 1) % 4);
            }
            budget.setTier(3);
        });
        long exhaustions = 0;
        for (int i = 0; i < 2_000_000; i++) {
            if (budget.consume(1)) {
                exhaustions++;
                budget.refill(TaskBudget.MAX_UNITS);
            }
        }
        tierFlipper.join();
        assertThat(budget.tierCode()).isEqualTo(3);
        assertThat(exhaustions).isEqualTo(2_000_000 / TaskBudget.MAX_UNITS);
    }

    @Test
    void rejectsUnitsAndTierCodesOutOfRange() {
        assertThatThrownBy(() -> new TaskBudget(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units must be between 0 and 65535, was -1");
        assertThatThrownBy(() -> new TaskBudget(1, 0).reset(70_000, 0)).hasMessageContaining("was 70000");
        assertThatThrownBy(() -> new TaskBudget(1, 0).refill(65_536)).hasMessageContaining("was 65536");
        assertThatThrownBy(() -> new TaskBudget(1, 0).setTier(128))
                .hasMessageContaining("tier code must be between 0 and 127, was 128");
        assertThatThrownBy(() -> new TaskBudget(1, 0).compareAndSetTier(0, -1)).hasMessageContaining("was -1");
    }
}
