package dev.pulse.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.PulseRuntime;
import dev.pulse.load.HttpLoad;
import example.app.LightAndHeavyApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real Spring Boot application on Tomcat ({@code @SpringBootTest} on a random
 * port), 2 carriers: light requests stay under 100 ms at the 99th percentile beside clients keeping
 * checkpoint-free CPU-bound requests in flight. Also the request and {@code @Async} threads, the
 * Actuator endpoint, the meters, and the shutdown (a context of its own). The control, the same application on the JDK's
 * virtual threads, is {@link JdkSchedulerControlTest}.
 */
@SpringBootTest(
        classes = LightAndHeavyApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "management.endpoints.web.exposure.include=pulse,health",
            "pulse.carriers=" + PulseStarterTest.CARRIERS,
            "pulse.name=starter"
        })
class PulseStarterTest {
    static final int CARRIERS = 2;
    static final double BOUND_MILLIS = 100;

    @LocalServerPort
    int port;

    @Autowired
    PulseRuntime pulse;

    @Autowired
    MeterRegistry registry;

    /** The load both tests put on the application: 100 light requests/s beside 2 heavy clients. */
    static HttpLoad.Result load(int port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        return HttpLoad.run(new HttpLoad.Plan(
                URI.create(base + "/light"),
                URI.create(base + "/heavy?ms=300"),
                Duration.ofSeconds(3),
                100,
                CARRIERS,
                50));
    }

    static String get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response =
                    client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("GET %s: %s", url, response.body())
                    .isEqualTo(200);
            return response.body();
        }
    }

    @Test
    void requestAndAsyncThreadsRunOnPulseAndLightRequestsAreAnsweredBesideHeavyOnes() throws Exception {
        String base = "http://127.0.0.1:" + port;
        assertThat(get(base + "/thread"))
                .as("the request thread | the @Async thread")
                .matches("tomcat-pulse-\\d+ true \\| pulse-task-\\d+ true");

        HttpLoad.Result result = load(port);
        System.out.println("spring boot on pulse: " + result);
        assertThat(result.lightFailed()).as("%s", result).isZero();
        assertThat(result.heavyDone()).as("%s", result).isPositive();
        assertThat(result.lightMillisAt(99)).as("light p99: %s", result).isLessThanOrEqualTo(BOUND_MILLIS);
        assertThat(pulse.metrics().interventions().handoffs()).isPositive();

        String json = get(base + "/actuator/pulse");
        assertThat(json)
                .contains("\"runtime\":\"starter\"", "\"tiers\":{\"MONITOR\":", "\"Handoffs\":", "\"busiestTasks\":[");
        assertThat(registry.get("pulse.polls").functionCounter().count()).isPositive();
    }

    @Test
    void theRuntimeClosesWithTheApplicationContext() {
        // a context of its own: the test framework owns (and caches) the one above
        PulseRuntime closed;
        try (ConfigurableApplicationContext own = new org.springframework.boot.SpringApplication(
                        LightAndHeavyApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--pulse.name=closing")) {
            closed = own.getBean(PulseRuntime.class);
            assertThat(closed.name()).isEqualTo("closing");
        }
        assertThatThrownBy(() -> closed.ofVirtual().start(() -> {}))
                .as("the runtime closed with the context")
                .isInstanceOf(RejectedExecutionException.class);
    }
}
