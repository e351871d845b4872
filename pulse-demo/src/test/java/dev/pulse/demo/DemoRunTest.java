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
        for (String pulse : List.of("pulse/checkpoint-hogs", "pulse/plain-hogs")) {
            ScenarioResult r = byName.get(pulse);
            assertThat(r.lightP99Ms()).as(pulse + " p99").isLessThan(200);
            assertThat(r.lightSteps())
                    .as(pulse + ": light tasks kept stepping")
                    .isGreaterThan(10 * byName.get("jdk-default/plain-hogs").lightSteps());
            assertThat(r.hogWork()).isPositive();
        }
        assertThat(byName.get("pulse/checkpoint-hogs").yields()).isPositive();
        assertThat(byName.get("pulse/plain-hogs").handoffs()).isPositive();
        assertThat(byName.get("jdk-default/no-hogs").hogWork()).isZero();

        // the flight recording tells the same story
        Map<String, Long> events = RecordingFile.readAllEvents(jfr).stream()
                .map(e -> e.getEventType().getName())
                .filter(n -> n.startsWith("dev.pulse."))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(events)
                .containsKeys(
                        "dev.pulse.TierChange", "dev.pulse.SlowPoll", "dev.pulse.Handoff", "dev.pulse.ForcedYield");
        // the recording holds both Pulse scenarios (checkpointed hogs may be handed off once or
        // twice before they reach the YIELD tier)
        long handoffs = byName.get("pulse/plain-hogs").handoffs()
                + byName.get("pulse/checkpoint-hogs").handoffs();
        long yields = byName.get("pulse/plain-hogs").yields()
                + byName.get("pulse/checkpoint-hogs").yields();
        assertThat(events.get("dev.pulse.Handoff")).isEqualTo(handoffs);
        assertThat(events.get("dev.pulse.ForcedYield")).isEqualTo(yields);
    }
}
