package dev.pulse.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.agent.AdaptiveCheckpoints;
import dev.pulse.jetty.PulseJetty;
import dev.pulse.load.CpuBurn;
import dev.pulse.load.HttpLoad;
import dev.pulse.metrics.PulseMetrics;
import example.plain.PlainHog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One row of {@code pulse demo --http}, run in a JVM of its own: a Jetty server on loopback whose
 * request handling runs on the JDK's virtual threads or on Pulse, or (with {@code --adaptive}) the
 * JDK's {@code HttpServer} on Pulse with the agent, handoff only or with adaptive checkpoints;
 * loaded by {@link HttpLoad}. {@code /light} answers at once; {@code /heavy} burns CPU first with no
 * yield point.
 */
final class HttpScenario {

    /** The schedulers compared. */
    enum Kind {
        JDK("jetty/jdk-default", false),
        PULSE("jetty/pulse", false),
        /** The JDK's HttpServer on the JDK's virtual threads. */
        HTTPSERVER_JDK("httpserver/jdk-default", true),
        /** The JDK's HttpServer on Pulse. */
        HTTPSERVER_PULSE("httpserver/pulse", true),
        /** The JDK's HttpServer on Pulse with the agent, no adaptive checkpoints: handoff only. */
        HTTPSERVER_AGENT("httpserver/pulse+agent", true),
        /** The same with the agent's adaptive checkpoints. */
        HTTPSERVER_ADAPTIVE("httpserver/pulse+adaptive", true);

        final String label;
        final boolean httpServer;

        Kind(String label, boolean httpServer) {
            this.label = label;
            this.httpServer = httpServer;
        }

        /** The JVM flags of this row's child: the agent for the agent rows. */
        List<String> jvmFlags() {
            return switch (this) {
                case JDK, PULSE, HTTPSERVER_JDK, HTTPSERVER_PULSE -> List.of();
                case HTTPSERVER_AGENT -> List.of("-javaagent:" + AgentJar.path());
                case HTTPSERVER_ADAPTIVE -> List.of("-javaagent:" + AgentJar.path() + "=adaptive=true");
            };
        }

        /**
         * The rows {@code demo --http} runs for these options.
         *
         * @param options the flags
         * @return the rows, in order
         */
        static List<Kind> rows(HttpDemoOptions options) {
            if (options.adaptive()) {
                return List.of(HTTPSERVER_AGENT, HTTPSERVER_ADAPTIVE);
            }
            return options.server().equals("httpserver")
                    ? List.of(HTTPSERVER_JDK, HTTPSERVER_PULSE)
                    : List.of(JDK, PULSE);
        }

        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown HTTP scenario '" + label + "'");
        }
    }

    private HttpScenario() {}

    /**
     * Runs one row and returns it as one line of JSON.
     *
     * @param kind which scheduler
     * @param options the flags
     * @return the row
     * @throws Exception if the server cannot start
     */
    static String run(Kind kind, HttpDemoOptions options) throws Exception {
        if (kind.httpServer) {
            return runHttpServer(kind, options);
        }
        PulseRuntime pulse = kind == Kind.PULSE
                ? Pulse.builder().name("http-demo").carriers(options.carriers()).build()
                : null;
        try {
            QueuedThreadPool pool;
            if (pulse != null) {
                pool = PulseJetty.threadPool(pulse);
            } else {
                pool = new QueuedThreadPool();
                pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
            }
            Server server = new Server(pool);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new LightAndHeavy(options.heavyMillis()));
            server.start();
            HttpLoad.Result result;
            try {
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                if (options.capacity() > 0) {
                    return capacityRow(kind, options, URI.create(base + "/light"), pulse);
                }
                result = HttpLoad.run(new HttpLoad.Plan(
                        URI.create(base + "/light"),
                        URI.create(base + "/heavy"),
                        Duration.ofSeconds(options.seconds()),
                        options.rate(),
                        options.heavy(),
                        200));
            } finally {
                server.stop();
            }
            int carriers = pulse != null ? pulse.peakCarriers() : options.carriers();
            PulseMetrics m = pulse != null ? pulse.metrics() : null;
            return row(
                    kind,
                    carriers,
                    result,
                    m != null ? m.interventions().handoffs() : 0,
                    m != null ? m.interventions().forcedYields() : 0,
                    "");
        } finally {
            if (pulse != null) {
                pulse.close();
            }
        }
    }

    /**
     * A capacity row: {@code --capacity} connections sending {@code /light} back to back, 2 s
     * not counted, then {@code --seconds} counted.
     */
    private static String capacityRow(Kind kind, HttpDemoOptions options, URI light, PulseRuntime pulse)
            throws InterruptedException {
        HttpLoad.saturate(light, options.capacity(), Duration.ZERO, Duration.ofSeconds(2)); // warm-up
        long handoffsBefore = pulse != null ? pulse.metrics().interventions().handoffs() : 0;
        HttpLoad.Capacity capacity =
                HttpLoad.saturate(light, options.capacity(), Duration.ZERO, Duration.ofSeconds(options.seconds()));
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"carriers\":%d,\"connections\":%d,\"answered\":%d,\"failed\":%d,"
                        + "\"requests_per_s\":%.1f,\"handoffs\":%d}",
                kind.label,
                pulse != null ? pulse.peakCarriers() : options.carriers(),
                capacity.connections(),
                capacity.answered(),
                capacity.failed(),
                capacity.requestsPerSecond(),
                pulse != null ? pulse.metrics().interventions().handoffs() - handoffsBefore : 0);
    }

    private static String row(
            Kind kind, int carriers, HttpLoad.Result result, long handoffs, long forcedYields, String adaptive) {
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"carriers\":%d,\"light_p50_ms\":%.3f,\"light_p99_ms\":%.3f,"
                        + "\"light_max_ms\":%.3f,\"light_done\":%d,\"light_due\":%d,\"light_failed\":%d,"
                        + "\"heavy_done\":%d,\"requests_per_s\":%.1f,\"handoffs\":%d,\"forced_yields\":%d,"
                        + "\"adaptive_methods\":\"%s\"}",
                kind.label,
                carriers,
                result.lightMillisAt(50),
                result.lightMillisAt(99),
                result.lightMaxMillis(),
                result.lightDone(),
                result.lightDue(),
                result.lightFailed(),
                result.heavyDone(),
                result.requestsPerSecond(),
                handoffs,
                forcedYields,
                adaptive);
    }

    /**
     * A row on the JDK's {@code HttpServer}, each exchange a virtual thread of the JDK's scheduler
     * or of Pulse. The rows with the agent (handoff only, or adaptive) are measured after a
     * warm-up load of {@link #WARM_UP_SECONDS}: the first heavy requests are handed off in both,
     * and in the adaptive row the agent instruments the heavy requests' batch method then (its
     * warm-up goes on until it has); handoffs and forced yields are counted after the warm-up.
     */
    private static String runHttpServer(Kind kind, HttpDemoOptions options) throws Exception {
        long batches = batchesFor(options.heavyMillis());
        PulseRuntime pulse = kind == Kind.HTTPSERVER_JDK
                ? null
                : Pulse.builder().name("http-demo").carriers(options.carriers()).build();
        try (ExecutorService executor =
                pulse != null ? pulse.newThreadPerTaskExecutor() : Executors.newVirtualThreadPerTaskExecutor()) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/light", exchange -> reply(exchange, "/light 0\n"));
            server.createContext("/heavy", exchange -> {
                long x = 0x9E3779B97F4A7C15L;
                for (long i = 0; i < batches; i++) {
                    x = PlainHog.batch(x); // application code: what the agent may instrument
                }
                reply(exchange, "/heavy " + (x & 1) + "\n");
            });
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.getAddress().getPort();
                URI light = URI.create(base + "/light");
                URI heavy = URI.create(base + "/heavy");
                if (options.capacity() > 0) {
                    return capacityRow(kind, options, light, pulse);
                }
                boolean agent = kind == Kind.HTTPSERVER_AGENT || kind == Kind.HTTPSERVER_ADAPTIVE;
                if (agent) {
                    HttpLoad.run(new HttpLoad.Plan(
                            light, heavy, Duration.ofSeconds(WARM_UP_SECONDS), options.rate(), options.heavy(), 200));
                }
                // the agent hears of long polls about a second late (JFR's flush): on a slow machine
                // the warm-up goes on, a second at a time, until it has acted (at most 12 s more)
                for (int extra = 0;
                        kind == Kind.HTTPSERVER_ADAPTIVE
                                && options.heavy() > 0
                                && adaptiveMethods().isEmpty()
                                && extra < 12;
                        extra++) {
                    HttpLoad.run(
                            new HttpLoad.Plan(light, heavy, Duration.ofSeconds(1), options.rate(), options.heavy(), 0));
                }
                PulseMetrics before = pulse != null ? pulse.metrics() : null;
                HttpLoad.Result result = HttpLoad.run(new HttpLoad.Plan(
                        light,
                        heavy,
                        Duration.ofSeconds(options.seconds()),
                        options.rate(),
                        options.heavy(),
                        agent ? 0 : 200));
                if (pulse == null) {
                    return row(kind, options.carriers(), result, 0, 0, "");
                }
                PulseMetrics after = pulse.metrics();
                return row(
                        kind,
                        pulse.peakCarriers(),
                        result,
                        after.interventions().handoffs()
                                - before.interventions().handoffs(),
                        after.interventions().forcedYields()
                                - before.interventions().forcedYields(),
                        String.join(" ", adaptiveMethods()));
            } finally {
                server.stop(0);
            }
        } finally {
            if (pulse != null) {
                pulse.close();
            }
        }
    }

    /** The seconds of load before an HttpServer row is measured. */
    static final int WARM_UP_SECONDS = 3;

    /** Batches of {@link PlainHog#batch} that take about {@code millis} of CPU here, measured once. */
    private static long batchesFor(int millis) {
        long x = 1;
        for (int i = 0; i < 200; i++) { // let the JIT compile it first
            x = PlainHog.batch(x);
        }
        int n = 50;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            x = PlainHog.batch(x);
        }
        long perBatch = Math.max(1, (System.nanoTime() - start) / n + (x & 0));
        return Math.max(1, millis * 1_000_000L / perBatch);
    }

    private static void reply(HttpExchange exchange, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    /** What the agent's adaptive checkpoints instrumented in this JVM, read from their MXBean. */
    private static List<String> adaptiveMethods() {
        try {
            var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            var name = new javax.management.ObjectName(AdaptiveCheckpoints.OBJECT_NAME);
            return server.isRegistered(name) ? List.of((String[]) server.getAttribute(name, "Methods")) : List.of();
        } catch (javax.management.JMException e) {
            return List.of("unreadable: " + e);
        }
    }

    /** The application: blocking by default, so Jetty runs it on its virtual-threads executor. */
    private static final class LightAndHeavy extends Handler.Abstract {
        private final long heavyMillis;

        LightAndHeavy(int heavyMillis) {
            this.heavyMillis = heavyMillis;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            long result = 0;
            if (path.equals("/heavy")) {
                result = CpuBurn.forMillis(heavyMillis);
            } else if (!path.equals("/light")) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, path + " " + (result & 1) + "\n", callback);
            return true;
        }
    }
}
