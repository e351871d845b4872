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

        for (String starved : List.of("jdk-default/checkpoint-hogs", "jdk-default/plain-hogs")) {
            ScenarioResult r = byName.get(starved);
            assertThat(r.lightMaxMs())
                    .as(starved + ": a light task waited most of the run")
                    .isGreaterThan(1_000);
            assertThat(r.hogWork()).isPositive();
        }
        for (String pulse : List.of("pulse/checkpoint-hogs", "pulse/plain-hogs", "pulse/annotated-hogs+agent")) {
            ScenarioResult r = byName.get(pulse);
            assertThat(r.lightP99Ms()).as(pulse + " p99").isLessThan(200);
            assertThat(r.lightSteps())
                    .as(pulse + ": light tasks kept stepping")
                    .isGreaterThan(10 * byName.get("jdk-default/plain-hogs").lightSteps());
            assertThat(r.hogWork()).isPositive();
        }
        assertThat(byName.get("pulse/checkpoint-hogs").yields()).isPositive();
        assertThat(byName.get("pulse/plain-hogs").handoffs()).isPositive();
        assertThat(byName.get("pulse/annotated-hogs+agent").yields())
                .as("the agent's checkpoints made the annotated hogs yield")
                .isPositive();
        assertThat(byName.get("jdk-default/no-hogs").hogWork()).isZero();

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
