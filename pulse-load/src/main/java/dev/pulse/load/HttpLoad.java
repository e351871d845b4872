package dev.pulse.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A bounded, mixed HTTP load, the way wrk2 drives one: light requests sent at a fixed rate
 * whatever the server does, each one's latency taken from the moment it was <em>due</em>, so a
 * server that stalls for a second is charged for every request it kept waiting, not for one (no
 * coordinated omission); and {@code heavyClients} clients that keep one heavy request each in
 * flight, back to back. The client runs on platform threads of its own, so it never shares the
 * scheduler under test, and speaks HTTP/1.1 on kept-alive sockets: a light request goes out on
 * an idle connection, or on a new one when none is idle (at most {@value #MAX_LIGHT_CONNECTIONS};
 * past that it waits for one, still charged from its due time), so the client adds as little
 * latency of its own as it can. For the same reason the window opens only when the client is
 * ready: its first connections open and its threads waiting (see {@link #run}).
 *
 * {@snippet class=dev.pulse.load.snippets.LoadSnippets region=run}
 */
public final class HttpLoad {

    /** The longest a request may take before it counts as failed. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private HttpLoad() {}

    /**
     * What to send.
     *
     * @param light the light request's address
     * @param heavy the heavy request's address (used only when {@code heavyClients > 0})
     * @param window how long to send, 10 ms to 1 hour
     * @param lightPerSecond light requests per second, 1 to 100,000
     * @param heavyClients clients keeping a heavy request in flight, 0 to 10,000
     * @param warmUp light requests sent one after another before the window, over the connections
     *     the window starts with, 0 to 100,000
     */
    public record Plan(URI light, URI heavy, Duration window, int lightPerSecond, int heavyClients, int warmUp) {
        /**
         * Checks the plan.
         *
         * @throws IllegalArgumentException naming the value out of range
         */
        public Plan {
            Objects.requireNonNull(light, "light");
            Objects.requireNonNull(heavy, "heavy");
            checkWindow(window);
            check("light requests per second", lightPerSecond, 1, 100_000);
            check("heavy clients", heavyClients, 0, 10_000);
            check("warm-up requests", warmUp, 0, 100_000);
        }

        static void checkWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.compareTo(Duration.ofMillis(10)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("load window must be 10 ms to 1 hour, got " + window);
            }
        }

        static void check(String what, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be " + min + " to " + max + ", got " + value);
            }
        }
    }

    /**
     * What one run measured.
     *
     * @param lightLatencyMicros light latency from each request's due time, in microseconds
     * @param lightDue light requests due in the window
     * @param lightFailed light requests that failed, answered other than 200, or timed out
     * @param heavyDone heavy requests answered with 200
     * @param elapsed from the first light request due to the last answer
     */
    public record Result(
            Histogram lightLatencyMicros, long lightDue, long lightFailed, long heavyDone, Duration elapsed) {
        /**
         * Keeps a copy of the histogram, so the result does not change.
         */
        public Result {
            lightLatencyMicros = lightLatencyMicros.copy();
        }

        /**
         * A copy of the light-latency histogram.
         *
         * @return a copy
         */
        @Override
        public Histogram lightLatencyMicros() {
            return lightLatencyMicros.copy();
        }

        /**
         * Light latency at a percentile.
         *
         * @param percentile 0 to 100
         * @return milliseconds
         */
        public double lightMillisAt(double percentile) {
            return lightLatencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        /**
         * The longest light latency.
         *
         * @return milliseconds
         */
        public double lightMaxMillis() {
            return lightLatencyMicros.getMaxValue() / 1000.0;
        }

        /**
         * Light requests answered with 200.
         *
         * @return the count
         */
        public long lightDone() {
            return lightLatencyMicros.getTotalCount();
        }

        /**
         * Requests answered with 200 per second of {@link #elapsed()}, light and heavy.
         *
         * @return requests per second
         */
        public double requestsPerSecond() {
            return (lightDone() + heavyDone) / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "light %d/%d p50=%.2f ms p99=%.2f ms max=%.2f ms failed=%d, heavy done=%d, %.0f requests/s",
                    lightDone(),
                    lightDue,
                    lightMillisAt(50),
                    lightMillisAt(99),
                    lightMaxMillis(),
                    lightFailed,
                    heavyDone,
                    requestsPerSecond());
        }
    }

    /**
     * What a closed-loop run measured: how many requests the server answered while every
     * connection kept one request in flight, back to back. This is the server's capacity; its
     * latency is deliberately not reported, since a closed loop waits for each answer before it
     * sends the next and so hides stalls (the fixed-rate {@link #run} measures latency).
     *
     * @param connections the connections that kept a request in flight
     * @param answered requests answered with 200 in the window
     * @param failed requests that failed, timed out or were answered other than 200
     * @param elapsed the counted window (requests sent in it and answered by its end count)
     */
    public record Capacity(int connections, long answered, long failed, Duration elapsed) {
        /**
         * Answers per second of the window.
         *
         * @return requests per second
         */
        public double requestsPerSecond() {
            return answered / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    /**
     * Measures capacity: {@code connections} kept-alive connections each send {@code GET target}
     * back to back for {@code warmUp} (not counted: the JIT and the server's pools settle), then
     * for {@code window}, counted.
     *
     * @param target the address to load
     * @param connections connections, each on a platform thread of its own, 1 to 10,000
     * @param warmUp how long to load before counting, 0 to 1 hour
     * @param window how long to count, 10 ms to 1 hour
     * @return what was measured
     * @throws InterruptedException if interrupted
     */
    public static Capacity saturate(URI target, int connections, Duration warmUp, Duration window)
            throws InterruptedException {
        Objects.requireNonNull(target, "target");
        Plan.check("connections", connections, 1, 10_000);
        if (warmUp.isNegative() || warmUp.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("warm-up must be 0 to 1 hour, got " + warmUp);
        }
        Plan.checkWindow(window);
        long countFrom = System.nanoTime() + warmUp.toNanos();
        long end = countFrom + window.toNanos();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<HttpConnection> open = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                HttpConnection connection = new HttpConnection(target, REQUEST_TIMEOUT);
                open.add(connection);
                threads.add(Thread.ofPlatform()
                        .name("http-load-closed-" + i)
                        .daemon(true)
                        .start(() -> {
                            long now;
                            while ((now = System.nanoTime()) < end) {
                                boolean ok;
                                try {
                                    ok = connection.get(target) == 200;
                                } catch (java.io.IOException e) {
                                    ok = false; // the next request opens a new connection
                                }
                                if (now >= countFrom && System.nanoTime() <= end) {
                                    (ok ? answered : failed).incrementAndGet();
                                }
                            }
                        }));
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            open.forEach(HttpConnection::close);
        }
        return new Capacity(connections, answered.get(), failed.get(), window);
    }

    /**
     * Runs the plan and waits for every answer (or {@link #REQUEST_TIMEOUT}).
     *
     * <p>Everything the client needs is ready before the first request is due: {@value
     * #PREOPENED_LIGHT_CONNECTIONS} light connections open, warmed and waiting on threads of
     * their own, and the heavy clients connected and started. Otherwise the client's own start
     * (threads, handshakes, the server's accepts, class loading) would fall into the window and be
     * charged to the server: on 2 cores it put the first light request 20 to 40 ms late.
     *
     * @param plan what to send
     * @return what was measured
     * @throws InterruptedException if interrupted
     * @throws java.io.IOException if a connection cannot be opened before the window or a
     *     warm-up request fails
     */
    public static Result run(Plan plan) throws InterruptedException, java.io.IOException {
        long period = 1_000_000_000L / plan.lightPerSecond();
        long due = plan.window().toNanos() / period;
        List<HttpConnection> connections = new CopyOnWriteArrayList<>();
        LightSenders light = new LightSenders(plan.light(), connections, due);
        AtomicLong heavyDone = new AtomicLong();
        HeavyClients heavy = new HeavyClients(plan, heavyDone, connections);
        long start = 0;
        try {
            light.prepare(PREOPENED_LIGHT_CONNECTIONS, plan.warmUp());
            heavy.prepare();
            start = System.nanoTime();
            heavy.go(start + plan.window().toNanos());
            for (long k = 0; k < due; k++) {
                long dueAt = start + k * period;
                long wait = dueAt - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                light.send(dueAt);
            }
            heavy.join();
            light.answered.await(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } finally {
            heavy.abort(); // no-op once they went
            light.stop();
            connections.forEach(HttpConnection::close); // unblocks a sender still waiting for an answer
        }
        long unanswered = due - light.latency.getTotalCount() - light.failed.get();
        return new Result(
                light.latency,
                due,
                light.failed.get() + Math.max(0, unanswered),
                heavyDone.get(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Light connections opened, warmed and given a waiting thread before the window. */
    public static final int PREOPENED_LIGHT_CONNECTIONS = 8;

    /**
     * Sends each light request as soon as it is due, on a kept-alive connection that is free: a
     * new connection (and platform thread) whenever none is idle, up to {@link
     * #MAX_LIGHT_CONNECTIONS}. Beyond that a request waits for a connection, still charged from
     * its due time.
     */
    private static final class LightSenders {
        private static final long STOP = Long.MIN_VALUE;

        private final URI target;
        private final List<HttpConnection> connections;
        private final BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        private final AtomicInteger idle = new AtomicInteger();
        private final List<Thread> senders = new ArrayList<>();
        final Histogram latency = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(1), 3);
        final AtomicLong failed = new AtomicLong();
        final CountDownLatch answered;

        LightSenders(URI target, List<HttpConnection> connections, long due) {
            this.target = target;
            this.connections = connections;
            this.answered = new CountDownLatch(Math.toIntExact(due));
        }

        /**
         * Opens {@code count} connections, sends the warm-up requests over them one after
         * another, and returns once a thread waits for work on each.
         */
        void prepare(int count, int warmUp) throws java.io.IOException, InterruptedException {
            List<HttpConnection> opened = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpConnection connection = newConnection();
                connection.connect();
                opened.add(connection);
            }
            for (int i = 0; i < warmUp; i++) {
                int status = opened.get(i % count).get(target);
                if (status != 200) {
                    throw new java.io.IOException("warm-up request " + target + " answered " + status);
                }
            }
            opened.forEach(this::startSender);
            while (idle.get() < count) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        void send(long dueAt) {
            due.add(dueAt);
            if (idle.get() == 0 && senders.size() < MAX_LIGHT_CONNECTIONS) {
                startSender(newConnection());
            }
        }

        private HttpConnection newConnection() {
            HttpConnection connection = new HttpConnection(target, REQUEST_TIMEOUT);
            connections.add(connection);
            return connection;
        }

        private void startSender(HttpConnection connection) {
            senders.add(Thread.ofPlatform()
                    .name("http-load-light-" + senders.size())
                    .daemon(true)
                    .start(() -> sendFromQueue(connection)));
        }

        private void sendFromQueue(HttpConnection connection) {
            try {
                while (true) {
                    idle.incrementAndGet();
                    long dueAt;
                    try {
                        dueAt = due.take();
                    } finally {
                        idle.decrementAndGet();
                    }
                    if (dueAt == STOP) {
                        return;
                    }
                    try {
                        if (connection.get(target) == 200) {
                            latency.recordValue(Math.max(0, (System.nanoTime() - dueAt) / 1000));
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        failed.incrementAndGet(); // the next request opens a new connection
                    }
                    answered.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            due.clear();
            for (int i = 0; i < senders.size(); i++) {
                due.add(STOP);
            }
        }
    }

    /** The most connections (each with a platform thread) that light requests may hold at once. */
    public static final int MAX_LIGHT_CONNECTIONS = 256;

    /**
     * Clients that each keep one heavy request in flight, back to back, from {@link #go} until
     * the window's end; connected and started before it, so the window starts with their
     * requests, not with their threads and handshakes.
     */
    private static final class HeavyClients {
        private static final long ABORTED = Long.MIN_VALUE;

        private final Plan plan;
        private final AtomicLong done;
        private final List<HttpConnection> connections;
        private final List<Thread> threads = new ArrayList<>();
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile long end = ABORTED;

        HeavyClients(Plan plan, AtomicLong done, List<HttpConnection> connections) {
            this.plan = plan;
            this.done = done;
            this.connections = connections;
        }

        void prepare() throws java.io.IOException {
            for (int i = 0; i < plan.heavyClients(); i++) {
                HttpConnection connection = new HttpConnection(plan.heavy(), REQUEST_TIMEOUT);
                connections.add(connection);
                connection.connect();
                threads.add(Thread.ofPlatform()
                        .name("http-load-heavy-" + i)
                        .daemon(true)
                        .start(() -> sendUntilTheEnd(connection)));
            }
        }

        private void sendUntilTheEnd(HttpConnection connection) {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            long until = end;
            if (until == ABORTED) {
                return;
            }
            // each client sends at least one request, however late its thread runs
            do {
                try {
                    if (connection.get(plan.heavy()) == 200) {
                        done.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    return; // the server went away: the light side counts what it missed
                }
            } while (System.nanoTime() < until);
        }

        void go(long endNanos) {
            end = endNanos;
            started.countDown();
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
        }

        /** Releases clients still waiting for {@link #go}, which then send nothing. */
        void abort() {
            started.countDown();
        }
    }
}
