package dev.pulse.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.load.HttpLoad;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty 12 server, 2 carriers, light requests at a fixed rate beside clients that keep
 * checkpoint-free CPU-bound requests in flight: on Pulse the light ones are answered within
 * 100 ms at the 99th percentile; the same server on the JDK's scheduler with 2 carriers (the
 * surefire configuration sets its parallelism) is not.
 */
class PulseJettyTest {
    private static final int CARRIERS = 2;
    private static final int HEAVY_CLIENTS = CARRIERS;
    private static final long HEAVY_MS = 300;
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final int LIGHT_PER_SECOND = 100;
    private static final double BOUND_MILLIS = 100;

    @Test
    void lightRequestsAreAnsweredBesideHeavyOnesOnPulse() throws Exception {
        try (PulseRuntime pulse =
                Pulse.builder().name("jetty").carriers(CARRIERS).build()) {
            QueuedThreadPool pool = PulseJetty.threadPool(pulse);
            HttpLoad.Result result;
            try (LightAndHeavyServer server = new LightAndHeavyServer(pool)) {
                result = HttpLoad.run(plan(server, WINDOW, HEAVY_CLIENTS));
                assertThat(server.handlerThreadsVirtual)
                        .as("handlers ran on virtual threads only")
                        .containsOnly(true);
                assertThat(server.handlerThreads)
                        .as("request threads")
                        .allMatch(name -> name.startsWith(PulseJetty.DEFAULT_NAME_PREFIX));
            }
            System.out.println("jetty on pulse: " + result);
            assertThat(result.lightFailed()).as("%s", result).isZero();
            assertThat(result.heavyDone())
                    .as("heavy requests still make progress: %s", result)
                    .isPositive();
            assertThat(result.lightMillisAt(99)).as("light p99: %s", result).isLessThanOrEqualTo(BOUND_MILLIS);
            assertThat(pulse.metrics().interventions().handoffs())
                    .as("the hogs were handed off: %s", pulse.metrics())
                    .isPositive();
            assertThat(pulse.metrics().tiers().liveTotal())
                    .as("the server stopped first: no request thread is left")
                    .isZero();
        }
    }

    @Test
    void theSameServerOnTheJdkSchedulerStarvesTheLightRequests() throws Exception {
        assertThat(Integer.getInteger("jdk.virtualThreadScheduler.parallelism"))
                .as("the control needs as many carriers as the Pulse runtime")
                .isEqualTo(CARRIERS);
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        HttpLoad.Result result;
        try (LightAndHeavyServer server = new LightAndHeavyServer(pool)) {
            result = HttpLoad.run(plan(server, WINDOW, HEAVY_CLIENTS));
        }
        System.out.println("jetty on the JDK's scheduler: " + result);
        assertThat(result.lightMillisAt(99)).as("light p99: %s", result).isGreaterThan(BOUND_MILLIS);
    }

    @Test
    void jettyKeepsItsSelectorsAndReservedThreadsOnPlatformThreads() throws Exception {
        try (PulseRuntime pulse =
                Pulse.builder().name("jetty-threads").carriers(CARRIERS).build()) {
            QueuedThreadPool pool = PulseJetty.runOn(new QueuedThreadPool(), pulse, "api-");
            pool.setName("api-platform");
            try (LightAndHeavyServer server = new LightAndHeavyServer(pool)) {
                HttpLoad.run(plan(server, Duration.ofMillis(200), 0));
                assertThat(VirtualThreads.isUseVirtualThreads(pool)).isTrue();
                assertThat(pool.getVirtualThreadsExecutor()).hasToString("Pulse virtual threads api-*");
                assertThat(server.handlerThreads).isNotEmpty().allMatch(name -> name.startsWith("api-"));
                assertThat(Thread.getAllStackTraces().keySet())
                        .filteredOn(t -> t.getName().startsWith("api-platform"))
                        .as("Jetty's selector, acceptor and reserved threads")
                        .isNotEmpty()
                        .noneMatch(Thread::isVirtual);
                assertThat(pool.getThreads()).isPositive();
            }
        }
    }

    private static HttpLoad.Plan plan(LightAndHeavyServer server, Duration window, int heavyClients) {
        return new HttpLoad.Plan(
                URI.create(server.url("/light")),
                URI.create(server.url("/heavy?ms=" + HEAVY_MS)),
                window,
                LIGHT_PER_SECOND,
                heavyClients,
                50);
    }

    @Test
    void aBlankNamePrefixIsRefusedWithItsName() {
        try (PulseRuntime pulse = Pulse.builder().name("jetty-bad").carriers(1).build()) {
            assertThatThrownBy(() -> PulseJetty.executor(pulse, " "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name prefix");
        }
    }
}
