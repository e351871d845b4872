package dev.pulse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real demo (child JVMs, 2 s per scenario) and checks the story it tells. */
class DemoRunTest {

    @Test
    void theDefaultSchedulerStarvesLightTasksAndPulseDoesNot(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path jfr = dir.resolve("demo.jfr");
        DemoOptions options = DemoOptions.parse(
                List.of("--seconds", "2", "--carriers", "2", "--lights", "20", "--json", "--jfr", jfr.toString()));
        List<ScenarioResult> results = new Demo(
                        options,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run();
        String json = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(json).startsWith("{\"scenarios\":[").endsWith("]}");
        Map<String, ScenarioResult> byName =
                results.stream().collect(Collectors.toMap(ScenarioResult::name, Function.identity()));
        assertThat(byName).hasSize(Scenario.values().length);

        for (String starved : List.of("jdk-default/checkpoint-hogs", "jdk-default/plain-hogs", "pulse/disabled")) {
            ScenarioResult r = byName.get(starved);
            // every slot missed while starved counts: the median slot waited about half the run
            assertThat(r.lightP50Ms()).as(starved + ": p50 of a starved run").isGreaterThan(300);
            assertThat(r.lightMaxMs())
                    .as(starved + ": a light task waited most of the run")
                    .isGreaterThan(1_000);
            assertThat(r.slotsRun())
                    .as(starved + ": slots run of %d due", r.slotsDue())
                    .isLessThan(r.slotsDue() / 10);
            assertThat(r.hogWork()).isPositive();
        }
        for (String floor : List.of("jdk-default/no-hogs", "pulse/no-hogs")) {
            ScenarioResult r = byName.get(floor);
            assertThat(r.lightP99Ms()).as(floor + " p99").isLessThan(100);
            assertThat(r.slotsRun())
                    .as(floor + " slots run of %d due", r.slotsDue())
                    .isGreaterThan(r.slotsDue() * 9 / 10);
            assertThat(r.hogWork()).isZero();
        }
        for (String pulse : List.of(
                "pulse/checkpoint-hogs",
                "pulse/plain-hogs",
                "pulse/annotated-hogs+agent",
                "pulse/plain-hogs+adaptive")) {
            ScenarioResult r = byName.get(pulse);
            // not starved: a starved run's median slot waits half the run (about 1,000 ms here).
            // Latency figures are the benchmark's business; with every missed slot counted the
            // handoff row's p99 has reached 160 ms on these 2 cores (BENCHMARKS.md)
            assertThat(r.lightP50Ms()).as(pulse + " p50").isLessThan(50);
            assertThat(r.lightP99Ms()).as(pulse + " p99").isLessThan(500);
            assertThat(r.slotsRun())
                    .as(pulse + ": light tasks kept to their schedule, slots run of %d due", r.slotsDue())
                    .isGreaterThan(r.slotsDue() / 2);
            assertThat(r.hogWork()).isPositive();
            assertThat(r.carriers()).as(pulse + " peak carriers").isGreaterThanOrEqualTo(2);
        }
        assertThat(byName.get("pulse/checkpoint-hogs").leastHogShare())
                .as("isolated hogs take turns: the least-served hog got at least half its fair share")
                .isGreaterThan(0.5);
        assertThat(byName.get("pulse/checkpoint-hogs").yields()).isPositive();
        assertThat(byName.get("pulse/plain-hogs").handoffs()).isPositive();
        assertThat(byName.get("pulse/annotated-hogs+agent").yields())
                .as("the agent's checkpoints made the annotated hogs yield")
                .isPositive();
        ScenarioResult disabled = byName.get("pulse/disabled");
        assertThat(disabled.yields() + disabled.isolations() + disabled.handoffs())
                .isZero();
        // like-for-like baselines: the JDK with Pulse's peak carriers, and with hogs + carriers
        assertThat(byName.get("jdk-default/checkpoint-hogs+pulse-peak").carriers())
                .isEqualTo(byName.get("pulse/checkpoint-hogs").carriers());
        assertThat(byName.get("jdk-default/plain-hogs+pulse-peak").carriers())
                .isEqualTo(byName.get("pulse/plain-hogs").carriers());
        assertThat(byName.get("jdk-default/plain-hogs+hogs+carriers").carriers())
                .isEqualTo(options.hogs() + options.carriers());
        assertThat(byName.get("jdk-default/plain-hogs").carriers()).isEqualTo(2);

        for (ScenarioResult r : results) {
            assertThat(r.slotsRun())
                    .as(r.name() + ": slots run never exceed slots due")
                    .isLessThanOrEqualTo(r.slotsDue());
            assertThat(r.leastHogShare()).as(r.name() + " least hog share").isBetween(0.0, 1.0);
        }
        // each Pulse scenario's flight recording tells the same story as its counters
        assertThat(Demo.recordingFor(jfr, Scenario.JDK_PLAIN_HOGS)).doesNotExist();
        for (Scenario scenario :
                List.of(Scenario.PULSE_CHECKPOINT_HOGS, Scenario.PULSE_PLAIN_HOGS, Scenario.PULSE_ANNOTATED_HOGS)) {
            Path recording = Demo.recordingFor(jfr, scenario);
            Map<String, Long> events = RecordingFile.readAllEvents(recording).stream()
                    .map(e -> e.getEventType().getName())
                    .filter(n -> n.startsWith("dev.pulse."))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            ScenarioResult r = byName.get(scenario.label());
            assertThat(events).as(recording.toString()).containsKeys("dev.pulse.TierChange", "dev.pulse.SlowPoll");
            assertThat(events.getOrDefault("dev.pulse.Handoff", 0L))
                    .as(recording + " handoffs")
                    .isEqualTo(r.handoffs());
            assertThat(events.getOrDefault("dev.pulse.ForcedYield", 0L))
                    .as(recording + " forced yields")
                    .isEqualTo(r.yields());
        }
    }
}
