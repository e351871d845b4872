package dev.pulse.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.PulseRuntime;
import dev.pulse.load.HttpLoad;
import example.app.LightAndHeavyApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The control of {@link PulseStarterTest}: the same application and load with the starter's
 * auto-configuration excluded and Spring's own virtual threads on, on the JDK's scheduler with 2
 * carriers (the surefire configuration sets its parallelism). The light requests wait behind the
 * heavy ones past the bound Pulse keeps.
 */
@SpringBootTest(
        classes = LightAndHeavyApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "spring.autoconfigure.exclude=dev.pulse.spring.PulseAutoConfiguration",
            "spring.threads.virtual.enabled=true"
        })
class JdkSchedulerControlTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theSameApplicationOnTheJdkSchedulerStarvesTheLightRequests() throws Exception {
        assertThat(Integer.getInteger("jdk.virtualThreadScheduler.parallelism")).isEqualTo(PulseStarterTest.CARRIERS);
        assertThat(context.getBeansOfType(PulseRuntime.class)).isEmpty();
        assertThat(PulseStarterTest.get("http://127.0.0.1:" + port + "/thread")).startsWith("tomcat-handler-");
        HttpLoad.Result result = PulseStarterTest.load(port);
        System.out.println("spring boot on the JDK's scheduler: " + result);
        assertThat(result.lightMillisAt(99)).as("light p99: %s", result).isGreaterThan(PulseStarterTest.BOUND_MILLIS);
    }
}
