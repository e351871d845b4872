package dev.pulse.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * scheduler under test.
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
     * @param warmUp light requests sent one after another before the window, 0 to 100,000
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
            Objects.requireNonNull(window, "window");
            if (window.compareTo(Duration.ofMillis(10)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("load window must be 10 ms to 1 hour, got " + window);
            }
            check("light requests per second", lightPerSecond, 1, 100_000);
            check("heavy clients", heavyClients, 0, 10_000);
            check("warm-up requests", warmUp, 0, 100_000);
        }

        private static void check(String what, int value, int min, int max) {
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
     * Runs the plan and waits for every answer (or {@link #REQUEST_TIMEOUT}).
     *
     * @param plan what to send
     * @return what was measured
     * @throws InterruptedException if interrupted
     * @throws java.io.IOException if a warm-up request fails
     */
    public static Result run(Plan plan) throws InterruptedException, java.io.IOException {
        ExecutorService clientThreads = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("http-load-", 0).daemon(true).factory());
        try (HttpClient client = HttpClient.newBuilder()
                .executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpRequest light = HttpRequest.newBuilder(plan.light())
                    .timeout(REQUEST_TIMEOUT)
                    .build();
            for (int i = 0; i < plan.warmUp(); i++) {
                client.send(light, HttpResponse.BodyHandlers.discarding());
            }
            long start = System.nanoTime();
            long end = start + plan.window().toNanos();
            AtomicLong heavyDone = new AtomicLong();
            List<Thread> heavy = startHeavyClients(client, plan, end, heavyDone);
            long period = 1_000_000_000L / plan.lightPerSecond();
            long due = plan.window().toNanos() / period;
            Histogram latency = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(1), 3);
            AtomicLong failed = new AtomicLong();
            List<CompletableFuture<?>> answers = new ArrayList<>();
            for (long k = 0; k < due; k++) {
                long dueAt = start + k * period;
                long wait = dueAt - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                answers.add(client.sendAsync(light, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            if (error == null && response.statusCode() == 200) {
                                latency.recordValue(Math.max(0, (System.nanoTime() - dueAt) / 1000));
                            } else {
                                failed.incrementAndGet();
                            }
                        }));
            }
            for (Thread t : heavy) {
                t.join();
            }
            try {
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                        .exceptionally(e -> null)
                        .get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                // each one counted itself as failed or timed out
            }
            long unanswered = due - latency.getTotalCount() - failed.get();
            return new Result(
                    latency,
                    due,
                    failed.get() + Math.max(0, unanswered),
                    heavyDone.get(),
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            clientThreads.shutdownNow();
        }
    }

    private static List<Thread> startHeavyClients(HttpClient client, Plan plan, long end, AtomicLong done) {
        HttpRequest heavy =
                HttpRequest.newBuilder(plan.heavy()).timeout(REQUEST_TIMEOUT).build();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.heavyClients(); i++) {
            threads.add(Thread.ofPlatform()
                    .name("http-load-heavy-" + i)
                    .daemon(true)
                    .start(() -> {
                        // each client sends at least one request, however late its thread started
                        do {
                            try {
                                if (client.send(heavy, HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200) {
                                    done.incrementAndGet();
                                }
                            } catch (java.io.IOException e) {
                                return; // the server went away: the light side counts what it missed
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        } while (System.nanoTime() < end);
                    }));
        }
        return threads;
    }
}
