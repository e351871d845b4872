package dev.pulse.jetty;

import dev.pulse.load.CpuBurn;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * A real Jetty server on loopback with two endpoints: {@code /light} answers at once, {@code
 * /heavy?ms=N} burns N ms of CPU with no yield point first (a checkpoint-free hog, the kind that
 * pins every carrier). Records the threads its handlers ran on.
 */
final class LightAndHeavyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    final Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
    final Set<Boolean> handlerThreadsVirtual = ConcurrentHashMap.newKeySet();

    LightAndHeavyServer(ThreadPool pool) throws Exception {
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(
                new Handler.Abstract() { // blocking by default: Jetty runs it on the virtual-threads executor
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        handlerThreads.add(Thread.currentThread().getName());
                        handlerThreadsVirtual.add(Thread.currentThread().isVirtual());
                        String path = Request.getPathInContext(request);
                        long result = 0;
                        if (path.equals("/heavy")) {
                            String ms = Request.extractQueryParameters(request).getValue("ms");
                            result = CpuBurn.forMillis(Long.parseLong(ms == null ? "300" : ms));
                        } else if (!path.equals("/light")) {
                            Response.writeError(request, response, callback, 404);
                            return true;
                        }
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                        Content.Sink.write(response, true, path + " " + (result & 1) + "\n", callback);
                        return true;
                    }
                });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
