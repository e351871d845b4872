package example.hogs;

import dev.pulse.PreemptionBudget;

/** An annotation value out of range: the instrumenter must leave this class alone and say why. */
public final class BadBudget {
    private BadBudget() {}

    @PreemptionBudget(units = 0)
    public static int count(int n) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            c++;
        }
        return c;
    }
}
