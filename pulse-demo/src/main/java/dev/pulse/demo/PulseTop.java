package dev.pulse.demo;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.pulse.agent.AdaptiveCheckpoints;
import dev.pulse.metrics.Metric;
import dev.pulse.tier.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code pulse top [PID] [--once]}: a live console of the Pulse runtimes in a local JVM, read over
 * JMX through the Attach API. Without a PID it lists the local JVMs that run Pulse.
 */
public final class PulseTop {

    /** The usage text. */
    public static final String USAGE = """
            usage: pulse top [PID] [--once]
              PID      a local JVM running Pulse (without it: list such JVMs)
              --once   print one frame and exit (for scripts); otherwise refresh every second,
                       q or Ctrl-C to quit""";

    private static final ObjectName PULSE_RUNTIMES = pattern();
    private static final String CLEAR = "\033[H\033[2J";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final String BOLD = "\033[1m";
    private static final String RESET = "\033[0m";
    private final PrintStream out;

    /**
     * Creates the console.
     *
     * @param out where frames go
     */
    public PulseTop(PrintStream out) {
        this.out = out;
    }

    private static ObjectName pattern() {
        try {
            return new ObjectName("dev.pulse:type=PulseRuntime,*");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code pulse top} with the arguments after {@code top}.
     *
     * @param args {@code [PID] [--once]}
     * @return the exit code
     * @throws IllegalArgumentException for bad arguments or a PID that is not a Pulse JVM
     * @throws Exception if the connection fails midway
     */
    public int run(List<String> args) throws Exception {
        String pid = null;
        boolean once = false;
        for (String arg : args) {
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.matches("\\d{1,10}")) {
                if (pid != null) {
                    throw new IllegalArgumentException("top takes one PID, got " + pid + " and " + arg);
                }
                pid = arg;
            } else {
                throw new IllegalArgumentException("top takes a PID (digits) and --once, got '" + arg + "'");
            }
        }
        if (pid == null) {
            return list();
        }
        try (JMXConnector connector = connect(pid)) {
            MBeanServerConnection conn = connector.getMBeanServerConnection();
            Set<ObjectName> runtimes = new TreeSet<>(conn.queryNames(PULSE_RUNTIMES, null));
            if (runtimes.isEmpty()) {
                throw new IllegalArgumentException("process " + pid + " runs no Pulse runtime (no dev.pulse MBeans)");
            }
            if (once) {
                out.print(frame(pid, conn, false));
                return 0;
            }
            return live(pid, conn);
        }
    }

    private int list() {
        List<String> rows = new ArrayList<>();
        String self = Long.toString(ProcessHandle.current().pid());
        for (VirtualMachineDescriptor vmd : VirtualMachine.list()) {
            if (vmd.id().equals(self)) {
                continue;
            }
            try (JMXConnector connector = connect(vmd.id())) {
                Set<ObjectName> names = connector.getMBeanServerConnection().queryNames(PULSE_RUNTIMES, null);
                if (!names.isEmpty()) {
                    List<String> runtimes = new ArrayList<>();
                    for (ObjectName n : new TreeSet<>(names)) {
                        runtimes.add(n.getKeyProperty("name"));
                    }
                    rows.add(String.format(
                            Locale.ROOT,
                            "%-8s %-40s %s",
                            vmd.id(),
                            abbreviate(vmd.displayName(), 40),
                            String.join(", ", runtimes)));
                }
            } catch (Exception e) {
                // a JVM we may not attach to (another user's, or exiting): not ours to list
            }
        }
        if (rows.isEmpty()) {
            out.println("no local JVM runs Pulse (start one, e.g. ./pulse demo --seconds 60)");
        } else {
            out.printf(Locale.ROOT, "%-8s %-40s %s%n", "PID", "MAIN", "PULSE RUNTIMES");
            rows.forEach(out::println);
        }
        return 0;
    }

    /**
     * Attaching to a JVM or reaching its management agent failed: not a usage error, so the CLI
     * prints this one line, without the usage, and exits with code 1.
     */
    static final class AttachFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AttachFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @SuppressWarnings("BanJNDI") // the address is the local agent's, from the Attach API
    private static JMXConnector connect(String pid) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (com.sun.tools.attach.AttachNotSupportedException | IOException e) {
            throw new AttachFailedException(
                    "cannot attach to process " + pid + " (is it a running JVM of this user?): " + e.getMessage(), e);
        }
        try {
            String address = vm.startLocalManagementAgent();
            return JMXConnectorFactory.connect(new JMXServiceURL(address));
        } catch (IOException e) {
            // a JVM still starting (or exiting) refuses the management agent; say so in one line
            throw new AttachFailedException(
                    "cannot connect to process " + pid + " (a JVM that is starting or exiting refuses; try again): "
                            + e,
                    e);
        } finally {
            vm.detach();
        }
    }

    private int live(String pid, MBeanServerConnection conn) throws Exception {
        boolean raw = rawTerminal(true);
        Thread restore = new Thread(() -> {
            out.print(SHOW_CURSOR);
            out.flush();
            rawTerminal(false);
        });
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            out.print(HIDE_CURSOR);
            InputStream in = System.in;
            while (true) {
                out.print(CLEAR + frame(pid, conn, true) + "\nq or Ctrl-C to quit");
                out.flush();
                long until = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < until) {
                    if (raw && in.available() > 0) {
                        int c = in.read();
                        if (c == 'q' || c == 'Q' || c == 3) {
                            out.println();
                            return 0;
                        }
                    }
                    Thread.sleep(50);
                }
            }
        } finally {
            out.print(SHOW_CURSOR);
            out.flush();
            rawTerminal(false);
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** Puts the controlling terminal in (or out of) character mode; false if there is none. */
    private static boolean rawTerminal(boolean on) {
        boolean terminal = java.util.Optional.ofNullable(System.console())
                .map(java.io.Console::isTerminal)
                .orElse(false);
        if (!terminal || !new java.io.File("/dev/tty").exists()) {
            return false;
        }
        try {
            Process stty = new ProcessBuilder(
                            "sh", "-c", on ? "stty -icanon -echo min 0 < /dev/tty" : "stty sane < /dev/tty")
                    .inheritIO()
                    .start();
            return stty.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One frame: every Pulse runtime of the process.
     *
     * @param pid the process
     * @param conn its MBean server
     * @param ansi whether to use bold headings
     * @return the frame's text
     * @throws Exception if an attribute cannot be read
     */
    public static String frame(String pid, MBeanServerConnection conn, boolean ansi) throws Exception {
        StringBuilder sb = new StringBuilder();
        String b = ansi ? BOLD : "";
        String r = ansi ? RESET : "";
        sb.append(b)
                .append("pulse top")
                .append(r)
                .append(" — pid ")
                .append(pid)
                .append(", ")
                .append(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")))
                .append('\n');
        for (ObjectName name : new TreeSet<>(conn.queryNames(PULSE_RUNTIMES, null))) {
            // every single-valued metric Pulse describes (Metric), plus the runtime's name and state
            String[] attrs = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("Name", "Enabled"),
                            java.util.Arrays.stream(Metric.values())
                                    .filter(m -> !m.perTier())
                                    .map(Metric::attribute))
                    .toArray(String[]::new);
            var values = conn.getAttributes(name, attrs).asList();
            java.util.Map<String, Object> v = new java.util.HashMap<>();
            for (var a : values) {
                v.put(a.getName(), a.getValue());
            }
            sb.append('\n')
                    .append(b)
                    .append("runtime ")
                    .append(v.get("Name"))
                    .append(r)
                    .append(Boolean.TRUE.equals(v.get("Enabled")) ? "" : " (disabled)")
                    .append('\n');
            sb.append(String.format(
                    Locale.ROOT,
                    "  polls %,d  slow %,d  poll p99 %s  max %s  delay p99 %s%n",
                    n(v, "Polls"),
                    n(v, "SlowPolls"),
                    ms(v.get("PollP99Nanos")),
                    ms(v.get("PollMaxNanos")),
                    ms(v.get("DelayP99Nanos"))));
            sb.append(String.format(
                    Locale.ROOT,
                    "  forced yields %,d  handoffs %,d  warnings %,d (+%,d suppressed)  budget exhaustions %,d"
                            + "  faults %,d%n",
                    n(v, "ForcedYields"),
                    n(v, "Handoffs"),
                    n(v, "Warnings"),
                    n(v, "SuppressedWarnings"),
                    n(v, "BudgetExhaustions"),
                    n(v, "Faults")));
            sb.append(String.format(
                    Locale.ROOT,
                    "  carriers main %d  isolation %d  extra %d   slow queue %d%n",
                    n(v, "MainCarriers"),
                    n(v, "IsolationCarriers"),
                    n(v, "ExtraCarriers"),
                    n(v, "SlowQueueSize")));
            TabularData live = (TabularData) conn.getAttribute(name, "LiveTasks");
            sb.append("  tasks");
            for (Tier tier : Tier.values()) {
                CompositeData row = live.get(new Object[] {tier.name()});
                sb.append("  ").append(tier).append(' ').append(row == null ? 0 : row.get("value"));
            }
            sb.append('\n');
            CompositeData[] top = (CompositeData[]) conn.getAttribute(name, "TopTasks");
            sb.append(b)
                    .append(String.format(
                            Locale.ROOT,
                            "  %-24s %8s %-8s %11s %11s %9s %10s %10s%n",
                            "TASK",
                            "ID",
                            "TIER",
                            "CPU",
                            "IN POLL",
                            "POLLS",
                            "MAX POLL",
                            "MAX DELAY"))
                    .append(r);
            for (CompositeData t : top) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-24s %8d %-8s %11s %11s %,9d %10s %10s%n",
                        abbreviate((String) t.get("name"), 24),
                        (Long) t.get("id"),
                        t.get("tier"),
                        ms(t.get("cpuNanos")),
                        ms(t.get("runningPollNanos")),
                        (Long) t.get("polls"),
                        ms(t.get("maxPollNanos")),
                        ms(t.get("maxDelayNanos"))));
            }
        }
        ObjectName adaptive = new ObjectName(AdaptiveCheckpoints.OBJECT_NAME);
        if (conn.isRegistered(adaptive)) { // the agent runs with adaptive=true
            String[] methods = (String[]) conn.getAttribute(adaptive, "Methods");
            sb.append('\n')
                    .append(b)
                    .append("adaptive checkpoints")
                    .append(r)
                    .append(String.format(
                            Locale.ROOT,
                            "  %d methods  %d failed  %d waited for the rate limit%n",
                            methods.length,
                            (Long) conn.getAttribute(adaptive, "Failures"),
                            (Long) conn.getAttribute(adaptive, "RateLimited")));
            for (String method : methods) {
                sb.append("  ").append(method).append('\n');
            }
        }
        return sb.toString();
    }

    private static long n(java.util.Map<String, Object> values, String attribute) {
        return ((Number) values.get(attribute)).longValue();
    }

    private static String ms(Object nanos) {
        return String.format(Locale.ROOT, "%.2f ms", ((Number) nanos).longValue() / 1e6);
    }

    private static String abbreviate(String s, int max) {
        String text = s == null || s.isEmpty() ? "(unnamed)" : s;
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
