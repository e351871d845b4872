package dev.pulse.snippets;

import dev.pulse.budget.TaskBudget;

/** Compiled examples for the Javadoc of {@code dev.pulse.budget}. */
final class BudgetSnippets {
    private BudgetSnippets() {}

    static int consume() {
        // @start region=consume
        TaskBudget budget = new TaskBudget(4000, System.nanoTime() + 1_000_000);
        int iterations = 0;
        while (!budget.consume(1)) { // one unit per checkpoint
            iterations++;
        }
        // exhausted after 4000 units: check the slice, then refill
        if (budget.deadlinePassed(System.nanoTime())) {
            budget.reset(4000, System.nanoTime() + 1_000_000);
        } else {
            budget.refill(4000);
        }
        // @end
        return iterations;
    }

    static int paced() {
        // @start region=paced
        // the last grant of 4000 units lasted 3,000 ticks (about 3 ms): 1 ms (976 ticks) needs 1,301
        int nextGrant = TaskBudget.paced(4000, 3_000, TaskBudget.ticks(1_000_000), 4000);
        // @end
        return nextGrant;
    }
}
