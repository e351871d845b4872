package dev.pulse.bench;

import dev.pulse.budget.TaskBudget;
import org.openjdk.jol.info.ClassLayout;

/** Prints TaskBudget's layout with JOL (run with and without -XX:+UseCompactObjectHeaders). */
public final class TaskBudgetLayout {
    private TaskBudgetLayout() {}

    /**
     * Prints the layout.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(ClassLayout.parseClass(TaskBudget.class).toPrintable());
    }
}
