package dev.pulse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real 60-second soak ({@code pulse soak --minutes 1 --json}) in a child JVM of its own: the
 * JDK's I/O pollers it leaves on the closed runtime (see {@link Soak}) stay out of this JVM.
 */
class SoakTest {

    @Test
    void aOneMinuteSoakLosesNothingAndLeaksNothing() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.pulseCli("soak", "--minutes", "1", "--carriers", "2", "--json"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String json;
        try {
            json = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the soak ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        Map<String, String> f = FlatJson.fields(json);
        assertThat(child.exitValue()).as(json).isZero();
        assertThat(f.get("ok")).as(json).isEqualTo("true");
        assertThat(number(f, "lost")).isZero();
        assertThat(number(f, "started")).as("at least 1,000 starts a second").isGreaterThan(60_000);
        assertThat(number(f, "started"))
                .as("every task ended exactly once, counted by how")
                .isEqualTo(number(f, "ended_normally")
                        + number(f, "ended_by_exception")
                        + number(f, "ended_by_error")
                        + number(f, "ended_by_interrupt"));
        for (String how : List.of("ended_by_exception", "ended_by_error", "ended_by_interrupt")) {
            assertThat(number(f, how)).as(how).isPositive();
        }
        assertThat(number(f, "echo_round_trips")).isPositive();
        assertThat(number(f, "echo_mismatches")).isZero();
        assertThat(number(f, "lock_increments")).isPositive();
        assertThat(number(f, "lock_mismatch")).isZero();
        assertThat(number(f, "live_tasks_at_end")).isZero();
        // regression: the JDK's I/O pollers started on the soak's runtime (from its first socket
        // read) and became Pulse tasks that outlived it; Pulse now starts them on the JDK's scheduler
        assertThat(number(f, "jdk_threads_on_pulse")).isZero();
        assertThat(number(f, "extra_carriers_at_end")).isZero();
        assertThat(number(f, "pulse_threads_after_close")).isZero();
        assertThat(number(f, "heap_end")).isLessThanOrEqualTo(number(f, "heap_baseline") * 11 / 10);
        assertThat(number(f, "forced_yields"))
                .as("the checkpointed hogs were made to yield")
                .isPositive();
        assertThat(number(f, "handoffs"))
                .as("the checkpoint-free hogs were handed off")
                .isPositive();
    }

    @Test
    void theVerdictFailsOnAnythingLostOrLeaked() {
        Soak.Report ok =
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 0, 0, 0, 2, 0, 1000, 1050, 1, 1, 0);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.toText()).contains("OK: nothing lost, nothing leaked");
        assertThat(ok.toJson()).startsWith("{\"ok\":true,");
        List<Soak.Report> bad = List.of(
                new Soak.Report(1, 2, 100, 96, 1, 1, 1, 1, 100, 5, 0, 10, 0, 0, 0, 0, 2, 0, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 1, 10, 0, 0, 0, 0, 2, 0, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 3, 0, 0, 0, 2, 0, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 1, 0, 0, 2, 0, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 0, 0, 1, 2, 0, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 0, 0, 0, 2, 1, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 0, 0, 0, 2, 0, 1000, 1101, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 0, 0, 0, 3, 0, 1000, 1050, 1, 1, 0),
                new Soak.Report(1, 2, 100, 97, 1, 1, 1, 0, 100, 5, 0, 10, 0, 0, 3, 0, 2, 0, 1000, 1050, 1, 1, 0));
        for (Soak.Report r : bad) {
            assertThat(r.ok()).as(r.toJson()).isFalse();
            assertThat(r.toText()).contains("FAILED");
        }
    }

    private static long number(Map<String, String> f, String name) {
        assertThat(f).as("field " + name).containsKey(name);
        return Long.parseLong(f.get(name));
    }
}
