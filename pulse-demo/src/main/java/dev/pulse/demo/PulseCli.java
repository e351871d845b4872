package dev.pulse.demo;

import dev.pulse.Pulse;
import dev.pulse.agent.BuildInstrumenter;
import dev.pulse.timing.CpuTimer;
import dev.pulse.timing.CpuTimers;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code pulse} command: {@code pulse demo}, {@code timers}, {@code top} and {@code instrument}. Bad input prints what was
 * wrong and the usage, and exits with code 2.
 */
public final class PulseCli {

    /** The usage text. */
    public static final String USAGE =
            """
            usage: pulse <command> [flags]
              demo     light virtual threads beside CPU hogs, on the JDK's scheduler and on Pulse
                       (demo --http: the same with a Jetty server and HTTP requests)
              timers   the CPU timers on this machine, calibrated
              top      a live console of the Pulse runtimes in a local JVM
              soak     minutes of mixed load on one runtime, accounting for every task
              instrument <in-dir|in.jar> <out-dir|out.jar> [--packages p[.*]:...] [--methods file]
                         [--classpath path]
                       insert checkpoints into @PreemptionBudget code at build time (no agent needed);
                       --methods: also the methods listed (the agent's adaptive-log writes them)
              --help   this text

            """ + DemoOptions.USAGE + "\n" + HttpDemoOptions.USAGE + "\n" + PulseTop.USAGE + "\n" + SoakOptions.USAGE;

    private PulseCli() {}

    /**
     * Entry point.
     *
     * @param args the command and its flags
     * @throws Exception if the demo fails
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs a command.
     *
     * @param args the command and its flags
     * @param out standard output
     * @param err standard error
     * @return the exit code: 0, 2 for bad input, or 1 if {@code instrument} cannot read or write or
     *     {@code top} cannot attach
     * @throws Exception if the demo fails
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println("pulse: no command given");
            err.println(USAGE);
            return 2;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            String usage = usageOf(command);
            if (usage != null) { // every command's --help prints its usage and succeeds
                out.println(usage);
                return 0;
            }
        }
        try {
            return switch (command) {
                case "--help", "-h", "help" -> {
                    out.println(USAGE);
                    yield 0;
                }
                case "demo" -> {
                    if (rest.contains("--http")) {
                        List<String> flags = new java.util.ArrayList<>(rest);
                        flags.remove("--http");
                        new HttpDemo(HttpDemoOptions.parse(flags), out, err).run();
                    } else {
                        new Demo(DemoOptions.parse(rest), out, err).run();
                    }
                    yield 0;
                }
                case "timers" -> {
                    if (!rest.isEmpty()) {
                        throw new IllegalArgumentException("timers takes no flags, got " + rest);
                    }
                    out.print(timerTable());
                    yield 0;
                }
                case "top" -> new PulseTop(out).run(rest);
                case "soak" -> new Soak(SoakOptions.parse(rest), out, err).run();
                case "instrument" -> BuildInstrumenter.run(rest.toArray(String[]::new), out, err);
                case "scenario" -> { // internal: one scenario in this JVM, for the demo's child processes
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("scenario needs a name");
                    }
                    Scenario scenario = Scenario.of(rest.getFirst());
                    DemoOptions options = DemoOptions.parse(rest.subList(1, rest.size()));
                    boolean progress = Boolean.getBoolean("pulse.demo.progress");
                    out.println(new ScenarioRunner(scenario, options, err, progress)
                            .run()
                            .toJson());
                    yield 0;
                }
                case "http-scenario" -> { // internal: one HTTP demo row in this JVM
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("http-scenario needs a name");
                    }
                    HttpScenario.Kind kind = HttpScenario.Kind.of(rest.getFirst());
                    out.println(HttpScenario.run(kind, HttpDemoOptions.parse(rest.subList(1, rest.size()))));
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            };
        } catch (PulseTop.AttachFailedException e) {
            err.println("pulse: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("pulse: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    /**
     * The usage of one command, for {@code pulse COMMAND --help}.
     *
     * @param command a command name
     * @return its usage, or {@code null} for an unknown command
     */
    static String usageOf(String command) {
        return switch (command) {
            case "demo" -> DemoOptions.USAGE + "\n" + HttpDemoOptions.USAGE;
            case "top" -> PulseTop.USAGE;
            case "soak" -> SoakOptions.USAGE;
            case "instrument" -> "usage: pulse " + BuildInstrumenter.USAGE.substring("usage: ".length());
            case "timers" ->
                "usage: pulse timers\n  the CPU timers this machine offers, calibrated, and the one Pulse chooses";
            default -> null;
        };
    }

    /**
     * The calibration table of every CPU timer that works here.
     *
     * @return the table
     */
    public static String timerTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-32s %10s %14s %5s%n", "timer", "cost (ns)", "resolution", "CPU?"));
        CpuTimer best = CpuTimers.best();
        for (CpuTimer t : CpuTimers.available()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-32s %10d %11d ns %5s%s%n",
                    t.name(),
                    t.overheadNanos(),
                    t.resolutionNanos(),
                    t.measuresCpuTime() ? "yes" : "no",
                    t.name().equals(best.name()) ? "   <- chosen" : ""));
        }
        sb.append("Pulse enabled by default: ").append(Pulse.enabledByDefault()).append('\n');
        return sb.toString();
    }
}
