package dev.pulse.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pulse demo --http}: the same Jetty server, loaded the same way, on the JDK's scheduler
 * and on Pulse, each in a child JVM with {@code --carriers} carriers ({@link HttpScenario}); then
 * the table or the JSON.
 */
public final class HttpDemo {

    private final HttpDemoOptions options;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * Creates the demo.
     *
     * @param options the flags
     * @param out where the table or JSON goes
     * @param err where progress goes
     */
    public HttpDemo(HttpDemoOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs both rows.
     *
     * @return each row's JSON, JDK first
     * @throws IOException if a child JVM fails
     * @throws InterruptedException if interrupted
     */
    public List<String> run() throws IOException, InterruptedException {
        PrintStream intro = options.json() ? err : out;
        String server =
                options.server().equals("httpserver") || options.adaptive() ? "the JDK's HttpServer" : "Jetty 12";
        if (options.capacity() > 0) {
            intro.printf(
                    Locale.ROOT,
                    "Pulse HTTP capacity: %s on loopback, %d connections each sending light requests back to"
                            + " back (a closed loop: capacity, not latency); %d carriers, 2 s not counted, then %d s"
                            + " counted per server.%n%n",
                    server,
                    options.capacity(),
                    options.carriers(),
                    options.seconds());
        } else {
            intro.printf(
                    Locale.ROOT,
                    "Pulse HTTP demo: %s on loopback, %d light requests/s on a fixed schedule beside %d clients"
                            + " each keeping one%n%d ms checkpoint-free CPU request in flight; %d carriers, %d s per"
                            + " server%s. Light latency counts from when each request was due.%n%n",
                    server,
                    options.rate(),
                    options.heavy(),
                    options.heavyMillis(),
                    options.carriers(),
                    options.seconds(),
                    options.adaptive()
                            ? " after " + HttpScenario.WARM_UP_SECONDS + " s of warm-up load (handoffs and"
                                    + " yields: after it)"
                            : "");
        }
        List<String> rows = new ArrayList<>();
        for (HttpScenario.Kind kind : HttpScenario.Kind.rows(options)) {
            List<String> command = new ArrayList<>(List.of("http-scenario", kind.label));
            command.addAll(options.toArgs());
            rows.add(ChildJvm.run("HTTP scenario " + kind.label, options.carriers(), kind.jvmFlags(), command));
            err.printf(Locale.ROOT, "  done: %s%n", kind.label);
        }
        if (options.json()) {
            out.println("{\"scenarios\":[" + String.join(",", rows) + "]}");
        } else {
            out.print(table(rows));
        }
        return rows;
    }

    /**
     * The table form of the rows.
     *
     * @param rows each row's JSON
     * @return the table
     */
    static String table(List<String> rows) {
        if (!rows.isEmpty() && FlatJson.fields(rows.get(0)).containsKey("connections")) {
            return capacityTable(rows);
        }
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%-26s %8s %10s %10s %10s %13s %11s %12s %8s %8s%n",
                "server",
                "carriers",
                "light p50",
                "light p99",
                "max",
                "light done",
                "heavy done",
                "requests/s",
                "handoffs",
                "yields"));
        for (String row : rows) {
            java.util.Map<String, String> f = FlatJson.fields(row);
            sb.append(String.format(
                    Locale.ROOT,
                    "%-26s %8s %10s %10s %10s %13s %11s %12.0f %8s %8s%n",
                    f.get("name"),
                    f.get("carriers"),
                    Demo.ms(Double.parseDouble(f.get("light_p50_ms"))),
                    Demo.ms(Double.parseDouble(f.get("light_p99_ms"))),
                    Demo.ms(Double.parseDouble(f.get("light_max_ms"))),
                    f.get("light_done") + "/" + f.get("light_due"),
                    f.get("heavy_done"),
                    Double.parseDouble(f.get("requests_per_s")),
                    f.get("handoffs"),
                    f.get("forced_yields")));
        }
        for (String row : rows) {
            java.util.Map<String, String> f = FlatJson.fields(row);
            String methods = f.getOrDefault("adaptive_methods", "");
            if (!methods.isEmpty()) {
                sb.append(String.format(
                        Locale.ROOT, "%s: the agent instrumented %s%n", f.get("name"), methods.replace(" ", ", ")));
            }
        }
        return sb.toString();
    }

    /** The capacity rows, each as a ratio to the first (the JDK's scheduler). */
    private static String capacityTable(List<String> rows) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%-26s %8s %11s %12s %9s %8s %8s%n",
                "server",
                "carriers",
                "connections",
                "requests/s",
                "vs first",
                "failed",
                "handoffs"));
        double first = Double.parseDouble(FlatJson.fields(rows.get(0)).get("requests_per_s"));
        for (String row : rows) {
            java.util.Map<String, String> f = FlatJson.fields(row);
            double rps = Double.parseDouble(f.get("requests_per_s"));
            sb.append(String.format(
                    Locale.ROOT,
                    "%-26s %8s %11s %12.0f %8.2fx %8s %8s%n",
                    f.get("name"),
                    f.get("carriers"),
                    f.get("connections"),
                    rps,
                    first > 0 ? rps / first : Double.NaN,
                    f.get("failed"),
                    f.get("handoffs")));
        }
        return sb.toString();
    }
}
