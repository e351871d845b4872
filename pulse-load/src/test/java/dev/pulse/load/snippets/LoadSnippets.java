package dev.pulse.load.snippets;

import dev.pulse.load.HttpLoad;
import java.net.URI;
import java.time.Duration;

/** Compiled examples for the Javadoc of {@code dev.pulse.load}. */
final class LoadSnippets {
    private LoadSnippets() {}

    static HttpLoad.Result run(int port) throws Exception {
        // @start region=run
        HttpLoad.Plan plan = new HttpLoad.Plan(
                URI.create("http://127.0.0.1:" + port + "/light"),
                URI.create("http://127.0.0.1:" + port + "/heavy"),
                Duration.ofSeconds(5), // how long to send
                200, // light requests per second, on schedule
                2, // clients each keeping one heavy request in flight
                50); // warm-up requests first
        HttpLoad.Result result = HttpLoad.run(plan);
        System.out.printf("light p99 %.1f ms, %.0f requests/s%n", result.lightMillisAt(99), result.requestsPerSecond());
        // @end
        return result;
    }
}
