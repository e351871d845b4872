package dev.pulse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.annotated.AnnotatedHog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PulseCliTest {

    private final CliCapture cli = new CliCapture();

    private int run(String... args) throws Exception {
        return cli.run(args);
    }

    private String err() {
        return cli.err();
    }

    @Test
    void helpPrintsUsageAndSucceeds() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).contains("usage: pulse <command>", "--seconds N");
    }

    @Test
    void badInputPrintsWhatWasWrongAndUsageWithExitCode2() throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("no command given", "usage: pulse");
        cli.reset();
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'bogus'", "usage: pulse");
        cli.reset();
        assertThat(run("demo", "--seconds", "0")).isEqualTo(2);
        assertThat(err()).contains("--seconds needs a whole number from 1 to 600, got 0");
        cli.reset();
        assertThat(run("demo", "--hogs")).isEqualTo(2);
        assertThat(err()).contains("--hogs needs a whole number from 1 to 10000");
        cli.reset();
        assertThat(run("demo", "--carriers", "two")).isEqualTo(2);
        assertThat(err()).contains("--carriers needs a whole number from 1 to 1024, got 'two'");
        cli.reset();
        assertThat(run("demo", "--fast")).isEqualTo(2);
        assertThat(err()).contains("unknown flag '--fast'");
        cli.reset();
        assertThat(run("demo", "--jfr")).isEqualTo(2);
        assertThat(err()).contains("--jfr needs a file name");
        cli.reset();
        assertThat(run("demo", "--jfr", "/no/such/dir/x.jfr")).isEqualTo(2);
        assertThat(err()).contains("--jfr needs a file in a writable directory, got '/no/such/dir/x.jfr'");
        cli.reset();
        assertThat(run("timers", "--x")).isEqualTo(2);
        assertThat(err()).contains("timers takes no flags");
        cli.reset();
        assertThat(run("scenario", "nope")).isEqualTo(2);
        assertThat(err()).contains("unknown scenario 'nope'");
    }

    @Test
    void instrumentRewritesAnnotatedClassesAndASecondRunChangesNothing(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in/example/annotated/AnnotatedHog.class");
        Files.createDirectories(in.getParent());
        try (InputStream s = AnnotatedHog.class.getResourceAsStream("AnnotatedHog.class")) {
            Files.write(in, s.readAllBytes());
        }
        Path target = dir.resolve("out");
        assertThat(run("instrument", dir.resolve("in").toString(), target.toString()))
                .as(err())
                .isZero();
        assertThat(cli.out()).startsWith("instrumented 1 of 1 classes (").doesNotContain("(0 checkpoints)");
        byte[] first = Files.readAllBytes(target.resolve("example/annotated/AnnotatedHog.class"));
        assertThat(first).isNotEqualTo(Files.readAllBytes(in));
        cli.reset();
        assertThat(run("instrument", target.toString(), target.toString())).isZero();
        assertThat(cli.out()).startsWith("instrumented 0 of 1 classes (0 checkpoints)");
        assertThat(Files.readAllBytes(target.resolve("example/annotated/AnnotatedHog.class")))
                .isEqualTo(first);
        assertThat(run("instrument", target.toString())).isEqualTo(2);
        assertThat(err()).contains("expected an input and an output, got 1 paths", "usage: instrument");
    }

    @Test
    void optionsDefaultAndRoundTrip() {
        DemoOptions d = DemoOptions.parse(List.of("--carriers", "3"));
        assertThat(d.seconds()).isEqualTo(3);
        assertThat(d.hogs()).as("2 x carriers").isEqualTo(6);
        assertThat(d.lights()).isEqualTo(50);
        assertThat(d.json()).isFalse();
        assertThat(DemoOptions.parse(d.toArgs())).isEqualTo(d);
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--lights", "100001")))
                .hasMessage("--lights needs a whole number from 1 to 100000, got 100001");
    }

    @Test
    void everyCommandPrintsItsUsageOnHelpAndSucceeds() throws Exception {
        for (String command : List.of("demo", "top", "instrument", "timers", "soak")) {
            cli.reset();
            assertThat(run(command, "--help")).as(command + " --help").isZero();
            assertThat(cli.out()).as(command).startsWith("usage: pulse " + command);
        }
        cli.reset();
        assertThat(run("demo", "-h")).isZero();
        assertThat(cli.out()).contains("--seconds N");
    }

    @Test
    void soakFlagsAreValidated() {
        assertThat(SoakOptions.parse(List.of()))
                .isEqualTo(new SoakOptions(10, Runtime.getRuntime().availableProcessors(), false));
        assertThat(SoakOptions.parse(List.of("--minutes", "3", "--carriers", "4", "--json")))
                .isEqualTo(new SoakOptions(3, 4, true));
        assertThatThrownBy(() -> SoakOptions.parse(List.of("--minutes", "0")))
                .hasMessage("--minutes needs a whole number from 1 to 1440, got 0");
        assertThatThrownBy(() -> SoakOptions.parse(List.of("--hours", "1"))).hasMessage("unknown flag '--hours'");
    }

    @Test
    void timersListsTheChosenTimer() throws Exception {
        assertThat(run("timers")).isZero();
        assertThat(cli.out()).contains("<- chosen", "nanoTime-fallback (wall time)", "Pulse enabled by default: true");
    }

    @Test
    void resultsRoundTripThroughJson() {
        ScenarioResult r = new ScenarioResult("pulse/x", 6, 0.1, 2.5, 7.25, 20.0, 1234, 1300, 99, 0.75, 5, 1, 2);
        assertThat(ScenarioResult.fromJson(r.toJson())).isEqualTo(r);
        assertThat(r.toJson()) // the first schema's names are kept beside the new ones
                .contains("\"light_p50_ms\":0.100", "\"light_steps\":1234", "\"hog_work\":99", "\"handoffs\":2")
                .contains("\"carriers\":6", "\"light_p999_ms\":7.250", "\"slots_due\":1300")
                .contains("\"least_hog_share\":0.750");
        assertThat(Demo.toJson(List.of(r, r))).startsWith("{\"scenarios\":[{\"name\":\"pulse/x\"");
        assertThat(Demo.table(List.of(r)))
                .contains("pulse/x", "2.500 ms", "7.250 ms", "20.0 ms", "1,234/1,300", "0.75");
        assertThatThrownBy(() -> ScenarioResult.fromJson("{}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Scenario.of("PULSE_PLAIN_HOGS")).isEqualTo(Scenario.PULSE_PLAIN_HOGS);
        assertThat(Scenario.PULSE_PLAIN_HOGS.onPulse()).isTrue();
        assertThat(Scenario.PULSE_PLAIN_HOGS.checkpoints()).isFalse();
        assertThat(Scenario.PULSE_DISABLED.onPulse()).isTrue();
        assertThat(Scenario.PULSE_DISABLED.pulseEnabled()).isFalse();
        DemoOptions options = DemoOptions.parse(List.of("--carriers", "3", "--hogs", "5"));
        assertThat(Scenario.JDK_PLAIN_HOGS.carriers(options, 9, 11)).isEqualTo(3);
        assertThat(Scenario.JDK_CHECKPOINT_HOGS_PEAK.carriers(options, 9, 11)).isEqualTo(9);
        assertThat(Scenario.JDK_PLAIN_HOGS_PEAK.carriers(options, 9, 11)).isEqualTo(11);
        assertThat(Scenario.JDK_PLAIN_HOGS_WORKAROUND.carriers(options, 9, 11)).isEqualTo(8);
    }

    @Test
    void leastHogShareIsTheLeastServedHogsWorkOverTheMean() {
        assertThat(ScenarioRunner.leastHogShare(new long[] {100, 100, 100, 100}))
                .isEqualTo(1.0);
        assertThat(ScenarioRunner.leastHogShare(new long[] {50, 150})).isEqualTo(0.5);
        assertThat(ScenarioRunner.leastHogShare(new long[] {0, 200, 200})).isZero();
        assertThat(ScenarioRunner.leastHogShare(new long[0])).isEqualTo(1.0);
    }
}
