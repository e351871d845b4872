package dev.pulse.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.pulse.budget.TaskBudget;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The tier is written with release and read with acquire: a reader that sees the new tier also
 * sees everything written before it (here, a plain field).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "tier not seen yet")
@Outcome(id = "0, 42", expect = ACCEPTABLE, desc = "tier not seen yet, data seen early")
@Outcome(id = "3, 42", expect = ACCEPTABLE, desc = "tier and the data before it")
@Outcome(id = "3, 0", expect = FORBIDDEN, desc = "tier seen without the data written before it")
@State
public class TaskBudgetTierPublication {
    private final TaskBudget budget = new TaskBudget(1, 0);
    private int data;

    @Actor
    public void writer() {
        data = 42;
        budget.setTier(3);
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = budget.tierCode();
        r.r2 = data;
    }
}
