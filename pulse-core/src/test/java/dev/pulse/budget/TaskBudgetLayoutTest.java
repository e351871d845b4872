package dev.pulse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;

/**
 * TaskBudget's size, measured with JOL. Surefire runs this class twice: in the default JVM and in
 * one with {@code -XX:+UseCompactObjectHeaders} (system property {@code
 * pulse.expectCompactHeaders=true}).
 */
class TaskBudgetLayoutTest {

    @Test
    void fitsTheSizeBudgetOfThisJvmsHeaderLayout() {
        boolean compact =
                ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseCompactObjectHeaders");
        assertThat(compact)
                .as("this run's header layout is the one surefire meant")
                .isEqualTo(Boolean.getBoolean("pulse.expectCompactHeaders"));
        ClassLayout layout = ClassLayout.parseClass(TaskBudget.class);
        long size = layout.instanceSize();
        System.out.println("TaskBudget (" + (compact ? "compact" : "default") + " headers): " + size + " bytes\n"
                + layout.toPrintable());
        assertThat(size).isLessThanOrEqualTo(compact ? 16 : 24);
    }
}
