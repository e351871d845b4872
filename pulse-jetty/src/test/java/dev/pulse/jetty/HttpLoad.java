package dev.pulse.jetty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded mixed load from platform threads (so the client never shares the server's
 * scheduler): light requests at a fixed rate, each one's latency taken from the moment it was
 * due, not the moment it was sent, so a stalled server counts every request it kept waiting
 * (no coordinated omission); and {@code heavyClients} clients sending heavy requests back to
 * back.
 */
final class HttpLoad {

    /** What one run measured (latencies in the order the requests were due). */
    @SuppressWarnings("ArrayRecordComponent") // test data, never shared
    record Result(long[] lightLatencyNanos, long heavyDone, int lightFailed) {
        long percentileNanos(double p) {
            long[] sorted = lightLatencyNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.clamp(index, 0, sorted.length - 1)];
        }

        @Override
        public String toString() {
            return String.format(
                    "light n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms failed=%d, heavy done=%d",
                    lightLatencyNanos.length,
                    percentileNanos(0.50) / 1e6,
                    percentileNanos(0.99) / 1e6,
                    percentileNanos(1.0) / 1e6,
                    lightFailed,
                    heavyDone);
        }
    }

    private HttpLoad() {}

    static Result run(LightAndHeavyServer server, Duration window, Duration lightPeriod, int heavyClients, long heavyMs)
            throws Exception {
        ExecutorService clientThreads = Executors.newCachedThreadPool();
        try (HttpClient client = HttpClient.newBuilder()
                .executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpRequest light = HttpRequest.newBuilder(URI.create(server.url("/light")))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            for (int i = 0; i < 50; i++) { // warm up both sides before measuring
                client.send(light, HttpResponse.BodyHandlers.ofString());
            }
            long start = System.nanoTime();
            long end = start + window.toNanos();
            AtomicLong heavyDone = new AtomicLong();
            List<Thread> heavy = new ArrayList<>();
            HttpRequest heavyRequest = HttpRequest.newBuilder(URI.create(server.url("/heavy?ms=" + heavyMs)))
                    .timeout(Duration.ofSeconds(60))
                    .build();
            for (int i = 0; i < heavyClients; i++) {
                heavy.add(Thread.ofPlatform().name("heavy-client-" + i).start(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (client.send(heavyRequest, HttpResponse.BodyHandlers.ofString())
                                            .statusCode()
                                    == 200) {
                                heavyDone.incrementAndGet();
                            }
                        } catch (Exception e) {
                            return;
                        }
                    }
                }));
            }
            long period = lightPeriod.toNanos();
            int slots = (int) (window.toNanos() / period);
            List<CompletableFuture<Long>> latencies = new ArrayList<>(slots);
            for (int k = 0; k < slots; k++) {
                long due = start + k * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                latencies.add(client.sendAsync(light, HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> r.statusCode() == 200 ? System.nanoTime() - due : -1L));
            }
            for (Thread t : heavy) {
                t.join();
            }
            long[] values = new long[slots];
            int failed = 0;
            int n = 0;
            for (CompletableFuture<Long> f : latencies) {
                long v;
                try {
                    v = f.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    v = -1;
                }
                if (v < 0) {
                    failed++;
                } else {
                    values[n++] = v;
                }
            }
            return new Result(Arrays.copyOf(values, n), heavyDone.get(), failed);
        } finally {
            clientThreads.shutdownNow();
        }
    }
}
