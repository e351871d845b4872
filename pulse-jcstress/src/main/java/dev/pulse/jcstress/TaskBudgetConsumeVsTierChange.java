package dev.pulse.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.pulse.budget.TaskBudget;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The owner spends two units while another thread changes the tier: neither write may be lost
 * (units and tier live in separate fields; the JLS forbids word tearing).
 */
@JCStressTest
@Outcome(id = "98, 2", expect = ACCEPTABLE, desc = "both the consumes and the tier change stick")
@Outcome(expect = FORBIDDEN, desc = "a consume or the tier change was lost")
@State
public class TaskBudgetConsumeVsTierChange {
    private final TaskBudget budget = new TaskBudget(100, 0);

    @Actor
    public void owner() {
        budget.consume(1);
        budget.consume(1);
    }

    @Actor
    public void watchdog() {
        budget.compareAndSetTier(0, 2);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = budget.remaining();
        r.r2 = budget.tierCode();
    }
}
