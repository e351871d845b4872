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
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real Spring Boot application on Tomcat, 2 carriers: light requests stay under
 * 100 ms at the 99th percentile beside clients keeping checkpoint-free CPU-bound requests in
 * flight; the same application on the JDK's virtual threads with 2 carriers (the control; the
 * surefire configuration sets their parallelism) does not. Also the request and {@code @Async}
 * threads, the Actuator endpoint, the meters and the shutdown.
 */
class PulseStarterTest {
    private static final int CARRIERS = 2;
    private static final double BOUND_MILLIS = 100;

    private static ConfigurableApplicationContext start(String... properties) {
        SpringApplication app = new SpringApplication(LightAndHeavyApplication.class);
        String[] args = new String[properties.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--server.address=127.0.0.1";
        args[2] = "--management.endpoints.web.exposure.include=pulse,health";
        System.arraycopy(properties, 0, args, 3, properties.length);
        return app.run(args);
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    private static HttpLoad.Result load(ConfigurableApplicationContext context) throws Exception {
        String base = base(context);
        return HttpLoad.run(new HttpLoad.Plan(
                URI.create(base + "/light"),
                URI.create(base + "/heavy?ms=300"),
                Duration.ofSeconds(3),
                100,
                CARRIERS,
                50));
    }

    private static String get(String url) throws Exception {
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
        PulseRuntime pulse;
        try (ConfigurableApplicationContext context = start("--pulse.carriers=" + CARRIERS, "--pulse.name=starter")) {
            pulse = context.getBean(PulseRuntime.class);
            assertThat(get(base(context) + "/thread"))
                    .as("the request thread | the @Async thread")
                    .matches("tomcat-pulse-\\d+ true \\| pulse-task-\\d+ true");

            HttpLoad.Result result = load(context);
            System.out.println("spring boot on pulse: " + result);
            assertThat(result.lightFailed()).as("%s", result).isZero();
            assertThat(result.heavyDone()).as("%s", result).isPositive();
            assertThat(result.lightMillisAt(99)).as("light p99: %s", result).isLessThanOrEqualTo(BOUND_MILLIS);
            assertThat(pulse.metrics().interventions().handoffs()).isPositive();

            String json = get(base(context) + "/actuator/pulse");
            assertThat(json)
                    .contains(
                            "\"runtime\":\"starter\"",
                            "\"tiers\":{\"MONITOR\":",
                            "\"Handoffs\":",
                            "\"busiestTasks\":[");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("pulse.polls").functionCounter().count()).isPositive();
        }
        assertThatThrownBy(() -> pulse.ofVirtual().start(() -> {}))
                .as("the runtime closed with the context")
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void theSameApplicationOnTheJdkSchedulerStarvesTheLightRequests() throws Exception {
        assertThat(Integer.getInteger("jdk.virtualThreadScheduler.parallelism")).isEqualTo(CARRIERS);
        try (ConfigurableApplicationContext context = start(
                "--spring.autoconfigure.exclude=dev.pulse.spring.PulseAutoConfiguration",
                "--spring.threads.virtual.enabled=true")) {
            assertThat(context.getBeansOfType(PulseRuntime.class)).isEmpty();
            assertThat(get(base(context) + "/thread")).startsWith("tomcat-handler-");
            HttpLoad.Result result = load(context);
            System.out.println("spring boot on the JDK's scheduler: " + result);
            assertThat(result.lightMillisAt(99)).as("light p99: %s", result).isGreaterThan(BOUND_MILLIS);
        }
    }
}
