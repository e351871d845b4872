package dev.pulse.load;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive across requests: a blocking socket, a {@code GET}, the
 * status line, the headers and the body read to its end (by {@code Content-Length}, chunked, or
 * to the end of the stream). Reconnects when the server closed the connection.
 *
 * <p>Why not {@link java.net.http.HttpClient}: its selector thread, executor hops and futures
 * cost a 2-core machine milliseconds at the 99th percentile, and a load generator must charge
 * the server, not itself (BENCHMARKS.md, "Servers", has the floor before and after). Only what a
 * load generator needs is here: no redirects, no TLS, no request body.
 */
final class HttpConnection implements Closeable {

    private static final int MAX_LINE = 8_192;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final int timeoutMillis;
    private volatile Socket socket; // volatile: close() may come from another thread
    private InputStream in;
    private OutputStream out;

    /**
     * A connection to {@code target}'s host and port; nothing is opened until the first request.
     *
     * @param target any address on the server ({@code http} only)
     * @param timeout the longest to wait for a connection or for the next bytes of an answer
     */
    HttpConnection(URI target, Duration timeout) {
        if (!"http".equalsIgnoreCase(target.getScheme())) {
            throw new IllegalArgumentException("only http:// addresses can be loaded, got " + target);
        }
        int port = target.getPort() == -1 ? 80 : target.getPort();
        this.address = new InetSocketAddress(target.getHost(), port);
        this.hostHeader = target.getHost() + ":" + port;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /**
     * Sends {@code GET uri} and reads the whole answer.
     *
     * @param uri the address (its path and query are sent)
     * @return the answer's status code
     * @throws IOException if the connection failed or timed out; it is closed, and the next
     *     request opens a new one
     */
    int get(URI uri) throws IOException {
        try {
            if (socket == null) {
                open();
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readAnswer();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens the connection now, if it is not open, so that its first request does not pay for
     * the handshake and the server's accept.
     *
     * @throws IOException if the connection could not be opened
     */
    void connect() throws IOException {
        if (socket == null) {
            open();
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private int readAnswer() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status code in: " + statusLine, e);
        }
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                    // not needed to find the body's end
                }
            }
        }
        if (status / 100 == 1 || status == 204 || status == 304) {
            length = 0;
        }
        if (chunked) {
            readChunks();
        } else if (length >= 0) {
            skip(length);
        } else {
            in.transferTo(OutputStream.nullOutputStream());
            close = true;
        }
        if (close) {
            close();
        }
        return status;
    }

    private void readChunks() throws IOException {
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + size, e);
            }
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return;
            }
            skip(n);
            line(); // the CRLF after the chunk
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new IOException("negative Content-Length: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + value, e);
        }
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the answer ended " + left + " bytes early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed inside an answer");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("a line of the answer is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /** Closes the socket; the next request opens a new one. Any thread: unblocks a read. */
    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing: nothing left to save
            }
        }
    }
}
