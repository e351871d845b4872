package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.app.AgentApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent in real JVMs: {@code java -javaagent:target/pulse-agent.jar[=options]} with
 * no {@code --add-opens}, running {@link AgentApp}.
 */
class AgentIT {

    private static final Path AGENT_JAR = Path.of(System.getProperty("pulse.agent.jar", "target/pulse-agent.jar"));

    /** What a child JVM printed. */
    private record Child(int exit, List<String> out, List<String> err) {
        Map<String, String> values() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : out) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return values;
        }

        long number(String key) {
            String value = values().get(key);
            assertThat(value).as("%s in %s (stderr %s)", key, out, err).isNotNull();
            return Long.parseLong(value);
        }

        List<String> agentLines() {
            return err.stream().filter(l -> l.startsWith("pulse-agent:")).toList();
        }
    }

    @Test
    void anAnnotatedHogYieldsWithTheAgentAndNoAddOpens() throws Exception {
        Child c = run(List.of("-javaagent:" + AGENT_JAR), "starve");
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.number("lightRan")).as("every light task ran").isEqualTo(20);
        assertThat(c.number("forcedYields"))
                .as("the inserted checkpoints yielded")
                .isPositive();
        assertThat(c.number("handoffs")).as("handoff was off").isZero();
        assertThat(c.number("lightMaxMillis"))
                .as("light tasks waited a few slices, not seconds")
                .isLessThan(1_000);
        assertThat(c.agentLines()).as("a quiet agent").isEmpty();
    }

    @Test
    void withoutTheAgentPulseAsksForAddOpens() throws Exception {
        Child c = run(List.of(), "probe");
        assertThat(c.exit()).isEqualTo(3);
        assertThat(c.values().get("pulseUnavailable")).contains("--add-opens java.base/java.lang=");
    }

    @Test
    void packagesOptionInstrumentsUnannotatedCodeAndVerboseNamesEachClass() throws Exception {
        Child c = run(List.of("-javaagent:" + AGENT_JAR + "=packages=example.hogs.*,verbose=true"), "probe");
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.number("budgetExhaustions")).isPositive();
        assertThat(c.agentLines())
                .as("one verbose line per instrumented class")
                .anySatisfy(l -> assertThat(l).startsWith("pulse-agent: example.hogs.SpinHogs: "))
                .noneSatisfy(l -> assertThat(l).contains("dev.pulse."));
    }

    @Test
    void aBadOptionPrintsOneLineAndTheApplicationRunsUninstrumented() throws Exception {
        Child c = run(List.of("-javaagent:" + AGENT_JAR + "=verbose=maybe"), "probe");
        assertThat(c.exit()).as("the application ran; stderr %s", c.err()).isZero();
        assertThat(c.agentLines()).hasSize(1);
        assertThat(c.agentLines().getFirst())
                .contains("'verbose=maybe'")
                .contains("allowed: packages=")
                .contains("uninstrumented");
        assertThat(c.number("budgetExhaustions"))
                .as("no checkpoints were inserted")
                .isZero();
    }

    @Test
    void aClassThatCannotBeInstrumentedIsLeftAsItWasAndReportedOnce() throws Exception {
        Child c = run(List.of("-javaagent:" + AGENT_JAR), "bad-budget");
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.out()).containsExactly("count=1000", "count=1000");
        assertThat(c.agentLines())
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("pulse-agent: left example.hogs.BadBudget unchanged:")
                        .contains("units"));
    }

    @Test
    void adaptiveCheckpointsInstrumentThePlainJobAndForcedYieldsReplaceHandoffs(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("hot-methods.txt");
        Child on = run(List.of("-javaagent:" + AGENT_JAR + "=adaptive=true,adaptive-log=" + log), "adaptive-jobs");
        Child off = run(List.of("-javaagent:" + AGENT_JAR), "adaptive-jobs");
        assertThat(on.exit()).as("exit; stderr %s", on.err()).isZero();
        assertThat(off.exit()).as("exit; stderr %s", off.err()).isZero();
        String job = "example.hogs.PlainWork#job(J)J";
        assertThat(on.values().get("methods")).as("the MXBean's list").isEqualTo(job);
        assertThat(on.values().get("events"))
                .as("one dev.pulse.AdaptiveCheckpoint event")
                .startsWith(job + " its loop ")
                .contains(" #");
        assertThat(on.agentLines())
                .as("one line per method")
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("pulse-agent: adaptive checkpoints in example.hogs.PlainWork.job(J)J: its loop"));
        assertThat(Files.readAllLines(log)).as("the adaptive-log").containsExactly(job);

        long jobs = on.number("phaseJobs");
        assertThat(jobs).as("jobs after the method was instrumented").isGreaterThanOrEqualTo(20);
        assertThat(on.number("phaseForcedYields"))
                .as("the new checkpoints yield")
                .isPositive();
        // measured here: 1 handoff in 146 jobs with adaptive checkpoints, 84 in 143 without
        assertThat(on.number("phaseHandoffs") * 5)
                .as("handoffs stopped: %s handoffs for %s jobs", on.number("phaseHandoffs"), jobs)
                .isLessThan(jobs);
        // the control: without adaptive checkpoints the same jobs are handed off, never yield
        assertThat(off.values().get("methods")).isEmpty();
        assertThat(off.number("phaseForcedYields")).isZero();
        assertThat(off.number("phaseHandoffs") * 4)
                .as("handoffs go on: %s handoffs for %s jobs", off.number("phaseHandoffs"), off.number("phaseJobs"))
                .isGreaterThanOrEqualTo(off.number("phaseJobs"));
    }

    @Test
    void adaptiveMaxPerMinuteHoldsBackASecondMethod() throws Exception {
        Child c = run(List.of("-javaagent:" + AGENT_JAR + "=adaptive=true,adaptive-max-per-minute=1"), "adaptive-rate");
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.values().get("methods"))
                .as("the first hog's method, and only it")
                .isEqualTo("example.adaptive.HotShapes#spin(Ljava/util/concurrent/atomic/AtomicBoolean;)J");
        assertThat(c.number("rateLimited")).as("the second hog's method waited").isPositive();
    }

    @Test
    void aClassThatCannotBeRetransformedIsLeftAsItWasNamedOnceAndTheApplicationRunsOn() throws Exception {
        Child c = run(List.of("-javaagent:" + AGENT_JAR + "=adaptive=true"), "adaptive-huge");
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.number("failures")).isEqualTo(1);
        assertThat(c.values().get("methods")).isEmpty();
        assertThat(c.number("lightRan")).as("the application ran on").isEqualTo(20);
        assertThat(c.number("handoffs")).as("handoff still covers the hog").isPositive();
        assertThat(c.agentLines())
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("pulse-agent: adaptive checkpoints left example.gen.Huge as it was: ")
                        .contains("65"));
    }

    @Test
    void aLateAttachInstallsOnceAndTheTransformerCanBeRemoved() throws Exception {
        Child c = run(List.of("-Djdk.attach.allowAttachSelf=true"), "attach");
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.number("afterAttach"))
                .as("a class loaded after attach has checkpoints")
                .isPositive();
        assertThat(c.values()).containsEntry("uninstalled", "true").containsEntry("uninstalledAgain", "false");
        assertThat(c.number("afterUninstall"))
                .as("two attaches installed one transformer, and it is gone")
                .isZero();
    }

    @Test
    void onTheModulePathTheAgentOpensJavaLangToPulseAndInstrumentsANamedModule(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/example.modular");
        Files.createDirectories(src.resolve("example/modular"));
        Files.writeString(src.resolve("module-info.java"), "module example.modular { requires dev.pulse.core; }");
        Files.writeString(src.resolve("example/modular/Main.java"), """
                package example.modular;

                import dev.pulse.Pulse;
                import dev.pulse.PreemptionBudget;
                import dev.pulse.PulseRuntime;
                import java.util.concurrent.atomic.AtomicBoolean;

                public class Main {
                    @PreemptionBudget
                    static long spin(AtomicBoolean stop) {
                        long x = 1;
                        while (!stop.get()) {
                            x = x * 31 + 7;
                        }
                        return x;
                    }

                    public static void main(String[] args) throws Exception {
                        AtomicBoolean stop = new AtomicBoolean();
                        try (PulseRuntime pulse = Pulse.builder().carriers(1).budgetUnits(100).build()) {
                            Thread t = pulse.ofVirtual().start(() -> spin(stop));
                            Thread.sleep(200);
                            stop.set(true);
                            t.join();
                            System.out.println("budgetExhaustions=" + pulse.metrics().interventions().budgetExhaustions());
                        }
                    }
                }
                """);
        String core = Path.of(dev.pulse.Pulse.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        Path out = dir.resolve("mods");
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        out.toString(),
                        "--module-path",
                        core,
                        "--module-source-path",
                        dir.resolve("src").toString(),
                        "-m",
                        "example.modular");
        assertThat(compiled).isZero();
        String modulePath = core + java.io.File.pathSeparator + out.resolve("example.modular");
        Child c = runCommand(List.of(
                "-javaagent:" + AGENT_JAR + "=verbose=true",
                "--enable-native-access=dev.pulse.core",
                "--module-path",
                modulePath,
                "-m",
                "example.modular/example.modular.Main"));
        assertThat(c.exit()).as("exit; stderr %s", c.err()).isZero();
        assertThat(c.agentLines()).containsExactly("pulse-agent: example.modular.Main: 2 checkpoints");
        assertThat(c.number("budgetExhaustions")).isPositive();
    }

    private static Child run(List<String> jvmArgs, String mode) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(jvmArgs);
        args.addAll(Arrays.asList(
                "-Dpulse.agent.jar=" + AGENT_JAR.toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                AgentApp.class.getName(),
                mode));
        return runCommand(args);
    }

    /** Runs {@code java} with {@code args} in a child JVM. */
    private static Child runCommand(List<String> args) throws IOException, InterruptedException {
        assertThat(AGENT_JAR).as("the packaged agent").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Path out = Files.createTempFile("agent-it", ".out");
        Path err = Files.createTempFile("agent-it", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish in 120 s: " + command);
            }
            return new Child(
                    p.exitValue(),
                    Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
