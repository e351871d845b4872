package dev.pulse.demo;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.jetty.PulseJetty;
import dev.pulse.load.CpuBurn;
import dev.pulse.load.HttpLoad;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
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
 * request handling runs on the JDK's virtual threads or on Pulse, loaded by {@link HttpLoad}.
 * {@code /light} answers at once; {@code /heavy} burns CPU first with no yield point.
 */
final class HttpScenario {

    /** The schedulers compared. */
    enum Kind {
        JDK("jetty/jdk-default"),
        PULSE("jetty/pulse");

        final String label;

        Kind(String label) {
            this.label = label;
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
            long handoffs = pulse != null ? pulse.metrics().interventions().handoffs() : 0;
            return String.format(
                    Locale.ROOT,
                    "{\"name\":\"%s\",\"carriers\":%d,\"light_p50_ms\":%.3f,\"light_p99_ms\":%.3f,"
                            + "\"light_max_ms\":%.3f,\"light_done\":%d,\"light_due\":%d,\"light_failed\":%d,"
                            + "\"heavy_done\":%d,\"requests_per_s\":%.1f,\"handoffs\":%d}",
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
                    handoffs);
        } finally {
            if (pulse != null) {
                pulse.close();
            }
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
