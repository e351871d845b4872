package dev.pulse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's own HTTP/1.1 client, against the JDK's HttpServer and a raw socket. */
class HttpConnectionTest {

    private HttpServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = ("you asked for " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            switch (exchange.getRequestURI().getPath()) {
                case "/chunked" -> {
                    exchange.sendResponseHeaders(200, 0); // 0: chunked
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 50; i++) {
                            out.write(body);
                            out.flush();
                        }
                    }
                }
                case "/missing" -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                }
                default -> {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI at(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    @Test
    void answersOfEveryKindAreReadToTheirEndOnOneKeptAliveConnection() throws IOException {
        try (HttpConnection connection = new HttpConnection(at("/"), Duration.ofSeconds(10))) {
            for (int i = 0; i < 20; i++) {
                assertThat(connection.get(at("/sized?i=" + i))).isEqualTo(200);
                assertThat(connection.get(at("/chunked"))).isEqualTo(200);
                assertThat(connection.get(at("/missing"))).isEqualTo(404);
            }
        }
        // had any answer been read short or long, the next status line would not parse
        assertThat(clientPorts).as("60 requests, one connection").hasSize(1);
    }

    @Test
    void aServerThatClosesAfterEachAnswerGetsANewConnectionEachTime() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                for (int i = 0; i < 3; i++) {
                    try (Socket s = raw.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream()
                                .write("HTTP/1.1 201 Created\r\nConnection: close\r\n\r\nno length, ends at close"
                                        .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            URI target = URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/");
            try (HttpConnection connection = new HttpConnection(target, Duration.ofSeconds(10))) {
                for (int i = 0; i < 3; i++) {
                    assertThat(connection.get(target)).isEqualTo(201);
                }
            }
        }
    }

    @Test
    void somethingOtherThanHttpIsAnErrorNamingWhatCame() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = raw.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    s.getInputStream().read(new byte[4096]);
                } catch (IOException e) {
                    // the client hung up
                }
            });
            URI target = URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/");
            try (HttpConnection connection = new HttpConnection(target, Duration.ofSeconds(10))) {
                assertThatThrownBy(() -> connection.get(target))
                        .isInstanceOf(IOException.class)
                        .hasMessage("not an HTTP/1.x status line: SSH-2.0-OpenSSH");
            }
        }
        assertThatThrownBy(() -> new HttpConnection(URI.create("https://example.org/"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only http://");
    }
}
