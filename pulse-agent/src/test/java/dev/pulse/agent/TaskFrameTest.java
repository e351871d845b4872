package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskFrameTest {

    @Test
    void readsEveryFormAStackTraceElementTakes() {
        String stack = """
                \tat app//com.acme.Hog.burn(Hog.java:42)
                \tat com.acme.mod@1.2/com.acme.Outer$Inner.lambda$run$0(Outer.java:7)
                \tat java.base/java.util.Arrays.sort(Arrays.java:1041)
                \tat com.acme.Plain.<init>(Unknown Source)
                \tat com.acme.Hog$$Lambda/0x000001f00100a000.run(Unknown Source)
                \tat java.base/jdk.internal.misc.Unsafe.park(Native Method)
                \t... 12 more
                \t(stack not available: the task is between polls)
                """;
        assertThat(TaskFrame.parse(stack))
                .containsExactly(
                        new TaskFrame("com.acme.Hog", "burn", 42),
                        new TaskFrame("com.acme.Outer$Inner", "lambda$run$0", 7),
                        new TaskFrame("java.util.Arrays", "sort", 1041),
                        new TaskFrame("com.acme.Plain", "<init>", -1),
                        new TaskFrame("", "run", -1),
                        new TaskFrame("jdk.internal.misc.Unsafe", "park", -1));
    }

    @Test
    void textThatIsNoStackGivesNoFrames() {
        assertThat(TaskFrame.parse("")).isEmpty();
        assertThat(TaskFrame.parse("\t(stack not captured: the task was not running when the warning was taken)\n"))
                .isEmpty();
        assertThat(TaskFrame.parse("\tat nonsense\n\tat (x.java:1)\n")).isEmpty();
    }
}
