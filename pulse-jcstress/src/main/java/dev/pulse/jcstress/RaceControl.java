package dev.pulse.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.pulse.budget.TaskBudget;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The control: two threads spend from one budget, which its contract forbids (units are
 * owner-only, plain). A lost update (99 left after two consumes) is marked FORBIDDEN, so jcstress
 * must report this test as failed; the build requires that it does, proving the harness catches a
 * real race on this machine.
 */
@JCStressTest
@Outcome(id = "98", expect = ACCEPTABLE, desc = "no update lost this time")
@Outcome(id = "99", expect = FORBIDDEN, desc = "lost update: the race the contract forbids")
@State
public class RaceControl {
    private final TaskBudget budget = new TaskBudget(100, 0);

    @Actor
    public void first() {
        budget.consume(1);
    }

    @Actor
    public void second() {
        budget.consume(1);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = budget.remaining();
    }
}
