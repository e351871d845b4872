package dev.pulse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The load is open-loop: a stalled server is charged for every request due while it stalled. */
class HttpLoadTest {

    @Test
    void aStallIsChargedToEveryRequestDueDuringIt() throws Exception {
        AtomicLong stallUntil = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/light", exchange -> {
            // the 30th request of the window (after 20 warm-up ones), due about 300 ms in, starts
            // a 300 ms stall: counted from the load, not the clock, so a slow warm-up cannot move
            // the stall out of the window
            if (requests.incrementAndGet() == 20 + 30) {
                stallUntil.set(System.nanoTime() + 300_000_000L);
            }
            long wait;
            while ((wait = stallUntil.get() - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(null); // one thread: a stall holds every request behind it
        server.start();
        try {
            URI light = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/light");
            HttpLoad.Result result = HttpLoad.run(new HttpLoad.Plan(light, light, Duration.ofSeconds(1), 100, 0, 20));
            assertThat(result.lightDue()).isEqualTo(100);
            assertThat(result.lightDone() + result.lightFailed()).isEqualTo(100);
            // about 30 requests were due in the 300 ms stall; each waited from its due time to the
            // stall's end, so at least 20 waited 100 ms or more (one sample if it were omitted)
            long delayed = result.lightLatencyMicros().getCountBetweenValues(100_000, Long.MAX_VALUE / 2);
            assertThat(delayed).as("%s", result).isGreaterThanOrEqualTo(15);
            assertThat(result.lightMaxMillis()).isBetween(200.0, 2_000.0);
            assertThat(result.lightMillisAt(50))
                    .as("outside the stall the server is quick")
                    .isLessThan(100.0);
        } finally {
            server.stop(0);
        }
    }

    /**
     * The client opens its connections up front, before the first request is due: 8 light ones
     * and one per heavy client, even for a load that one connection would carry. (Which side of
     * the first request the server's {@code accept()} returns is not the client's to decide: the
     * kernel completes a handshake before the server accepts it, so only the count is checked.)
     */
    @Test
    void theClientOpensItsConnectionsUpFront() throws Exception {
        AtomicLong accepted = new AtomicLong();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket socket = listener.accept();
                        accepted.incrementAndGet();
                        Thread.ofPlatform().daemon().start(() -> answerEachRequest(socket));
                    }
                } catch (IOException e) {
                    // the listener closed: the test is over
                }
            });
            URI target = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
            // no warm-up request, 10 light requests 50 ms apart: one connection would carry them
            HttpLoad.Result result = HttpLoad.run(new HttpLoad.Plan(target, target, Duration.ofMillis(500), 20, 2, 0));
            assertThat(result.lightDone()).as("%s", result).isEqualTo(10);
            // a connection the client opened and never used may be accepted after run() returns
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (accepted.get() < HttpLoad.PREOPENED_LIGHT_CONNECTIONS + 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(accepted.get())
                    .as("connections the server accepted")
                    .isGreaterThanOrEqualTo(HttpLoad.PREOPENED_LIGHT_CONNECTIONS + 2);
        }
    }

    /** A minimal HTTP/1.1 server side: an empty 200 for each request on a kept-alive connection. */
    private static void answerEachRequest(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    @Test
    void aServerThatCannotBeReachedFailsBeforeTheWindow() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + port + "/");
        assertThatThrownBy(() -> HttpLoad.run(new HttpLoad.Plan(nobody, nobody, Duration.ofSeconds(10), 100, 1, 0)))
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void requestsAnsweredOtherThan200CountAsFailed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/ok") ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpLoad.Result result = HttpLoad.run(new HttpLoad.Plan(
                    URI.create(base + "/down"), URI.create(base + "/ok"), Duration.ofMillis(200), 100, 1, 0));
            assertThat(result.lightFailed()).isEqualTo(20);
            assertThat(result.lightDone()).isZero();
            assertThat(result.heavyDone())
                    .as("the heavy client's answers were 200")
                    .isPositive();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void capacityCountsOnlyTheWindowAndEveryFailure() throws Exception {
        AtomicLong requests = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/ok") ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpLoad.Capacity ok =
                    HttpLoad.saturate(URI.create(base + "/ok"), 2, Duration.ofMillis(300), Duration.ofMillis(500));
            assertThat(ok.failed()).isZero();
            assertThat(ok.answered()).as("%s", ok).isPositive();
            assertThat(requests.get())
                    .as("the warm-up's requests were sent but not counted: %s", ok)
                    .isGreaterThan(ok.answered());
            assertThat(ok.requestsPerSecond()).isEqualTo(ok.answered() / 0.5);
            HttpLoad.Capacity down =
                    HttpLoad.saturate(URI.create(base + "/down"), 1, Duration.ZERO, Duration.ofMillis(200));
            assertThat(down.answered()).isZero();
            assertThat(down.failed()).isPositive();
        } finally {
            server.stop(0);
        }
        URI any = URI.create("http://127.0.0.1:1/");
        assertThatThrownBy(() -> HttpLoad.saturate(any, 0, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("connections must be 1 to 10000, got 0");
        assertThatThrownBy(() -> HttpLoad.saturate(any, 1, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .hasMessageContaining("warm-up must be 0 to 1 hour");
    }

    @Test
    void aPlanOutOfRangeNamesTheValue() {
        URI any = URI.create("http://127.0.0.1:1/");
        assertThatThrownBy(() -> new HttpLoad.Plan(any, any, Duration.ofSeconds(1), 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("light requests per second must be 1 to 100000, got 0");
        assertThatThrownBy(() -> new HttpLoad.Plan(any, any, Duration.ofMillis(1), 1, 0, 0))
                .hasMessageContaining("window");
    }
}
