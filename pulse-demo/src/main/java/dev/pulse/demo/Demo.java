package dev.pulse.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pulse demo}: runs every {@link Scenario} in a child JVM of its own (so the JDK's default
 * scheduler gets exactly {@code --carriers} carriers, and nothing left over from one scenario
 * disturbs the next), then prints the table or the JSON.
 */
public final class Demo {

    private final DemoOptions options;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * Creates the demo.
     *
     * @param options the flags
     * @param out where the table or JSON goes
     * @param err where progress goes
     */
    public Demo(DemoOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs all scenarios.
     *
     * @return their results, in {@link Scenario} order
     * @throws IOException if a child JVM cannot start
     * @throws InterruptedException if interrupted
     */
    public List<ScenarioResult> run() throws IOException, InterruptedException {
        { // with --json, standard output carries the JSON only: the header goes to standard error
            (options.json() ? err : out)
                    .printf(
                            Locale.ROOT,
                            "Pulse demo: %d light virtual threads on a fixed 5 ms schedule (tiny step) beside %d CPU hogs,%n"
                                    + "%d carriers, %d s per scenario. Light latency = how late each slot ran against its"
                                    + " schedule;%nevery missed slot counts. least hog = the least-served hog's share of"
                                    + " the fair share.%n%n",
                            options.lights(),
                            options.hogs(),
                            options.carriers(),
                            options.seconds());
        }
        boolean terminal = isTerminal();
        List<ScenarioResult> results = new ArrayList<>();
        List<Path> recordings = new ArrayList<>();
        int peakOfCheckpointHogs = 0;
        int peakOfPlainHogs = 0;
        for (Scenario scenario : Scenario.values()) {
            Path recording =
                    options.jfr() != null && scenario.pulseEnabled() ? recordingFor(options.jfr(), scenario) : null;
            int carriers = scenario.carriers(options, peakOfCheckpointHogs, peakOfPlainHogs);
            ScenarioResult result = runChild(scenario, carriers, recording, terminal);
            results.add(result);
            if (scenario == Scenario.PULSE_CHECKPOINT_HOGS) {
                peakOfCheckpointHogs = result.carriers();
            } else if (scenario == Scenario.PULSE_PLAIN_HOGS) {
                peakOfPlainHogs = result.carriers();
            }
            if (!terminal) { // no progress line off a terminal: one line per finished scenario
                err.printf(Locale.ROOT, "  done: %s%n", scenario.label());
            }
            if (recording != null) {
                recordings.add(recording);
            }
        }
        for (Path recording : recordings) {
            err.println("flight recording: " + recording + "  (jfr print --events 'dev.pulse.*' " + recording + ")");
        }
        if (options.json()) {
            out.println(toJson(results));
        } else {
            out.print(table(results));
        }
        return results;
    }

    /** Progress lines are for a person at a terminal, not for a log or a pipe. */
    private static boolean isTerminal() {
        return java.util.Optional.ofNullable(System.console())
                .map(java.io.Console::isTerminal)
                .orElse(false);
    }

    /**
     * Where {@code --jfr out.jfr} puts one scenario's flight recording: {@code
     * out-pulse-plain-hogs.jfr} and so on, one file per Pulse scenario. Recordings of different
     * JVMs are not joined into one file: their chunks may describe the same event types with
     * different ids, and the JDK's reader then misreads or drops the later ones.
     *
     * @param base the file given to {@code --jfr}
     * @param scenario a scenario
     * @return the scenario's recording file, beside {@code base}
     */
    public static Path recordingFor(Path base, Scenario scenario) {
        String name = base.getFileName().toString();
        String stem = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        String suffix = scenario.label().replaceAll("[^A-Za-z0-9]+", "-");
        return base.resolveSibling(stem + "-" + suffix + ".jfr");
    }

    private ScenarioResult runChild(Scenario scenario, int carriers, Path recording, boolean progress)
            throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>();
        if (recording != null) {
            flags.add("-XX:StartFlightRecording=filename=" + recording + ",settings=default,dumponexit=true");
            flags.add("-Dpulse.demo.jfr=true");
        }
        if (scenario.agent()) {
            String agentOptions = scenario.agentOptions();
            flags.add("-javaagent:" + AgentJar.path() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        flags.add("-Dpulse.demo.progress=" + progress);
        List<String> command = new ArrayList<>(List.of("scenario", scenario.label()));
        command.addAll(options.toArgs());
        return ScenarioResult.fromJson(ChildJvm.run("scenario " + scenario.label(), carriers, flags, command));
    }

    /**
     * The JSON form: {@code {"scenarios":[...]}}.
     *
     * @param results the results
     * @return one JSON object
     */
    public static String toJson(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder("{\"scenarios\":[");
        for (int i = 0; i < results.size(); i++) {
            sb.append(i > 0 ? "," : "").append(results.get(i).toJson());
        }
        return sb.append("]}").toString();
    }

    /**
     * The table form.
     *
     * @param results the results
     * @return the table, one line per scenario
     */
    public static String table(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%-38s %8s %10s %10s %10s %10s %17s %11s %9s %8s %10s %8s%n",
                "scenario",
                "carriers",
                "light p50",
                "light p99",
                "p99.9",
                "max",
                "slots run/due",
                "hog work(M)",
                "least hog",
                "yields",
                "isolations",
                "handoffs"));
        for (ScenarioResult r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-38s %8d %10s %10s %10s %10s %17s %,11d %9.2f %,8d %,10d %,8d%n",
                    r.name(),
                    r.carriers(),
                    ms(r.lightP50Ms()),
                    ms(r.lightP99Ms()),
                    ms(r.lightP999Ms()),
                    ms(r.lightMaxMs()),
                    String.format(Locale.ROOT, "%,d/%,d", r.slotsRun(), r.slotsDue()),
                    r.hogWork(),
                    r.leastHogShare(),
                    r.yields(),
                    r.isolations(),
                    r.handoffs()));
        }
        return sb.toString();
    }

    /** Milliseconds with the digits that matter: 0.123 ms, 12.3 ms, 1,234 ms. */
    static String ms(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%,.0f ms", ms);
    }
}
