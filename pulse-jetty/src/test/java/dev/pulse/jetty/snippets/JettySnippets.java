package dev.pulse.jetty.snippets;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.jetty.PulseJetty;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Compiled examples for the Javadoc of {@code dev.pulse.jetty}. */
final class JettySnippets {
    private JettySnippets() {}

    static void server(Handler app) throws Exception {
        // @start region=server
        try (PulseRuntime pulse = Pulse.builder().carriers(4).build()) {
            Server server = new Server(PulseJetty.threadPool(pulse));
            ServerConnector http = new ServerConnector(server);
            http.setPort(8080);
            server.addConnector(http);
            server.setHandler(app);
            server.start();
            server.join();
            server.stop(); // before the runtime closes
        }
        // @end
    }

    static QueuedThreadPool existing(PulseRuntime pulse) {
        // @start region=existing
        QueuedThreadPool pool = new QueuedThreadPool(200, 8); // Jetty's platform threads, as configured before
        PulseJetty.runOn(pool, pulse, "http-"); // request handling moves to Pulse threads http-0, http-1, ...
        // @end
        return pool;
    }
}
