package dev.pulse.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.PulseRuntime;
import example.app.LightAndHeavyApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With Jetty as the server (its own surefire run, Tomcat off the class path), request handling
 * runs on Pulse through {@code pulse-jetty}.
 */
class SpringJettyTest {

    @Test
    void jettyRequestsAndAsyncTasksRunOnPulse() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplication(LightAndHeavyApplication.class)
                        .run("--server.port=0", "--server.address=127.0.0.1", "--pulse.carriers=2");
                HttpClient client = HttpClient.newHttpClient()) {
            assertThat(context.getClass().getName()).contains("Servlet");
            String port = context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/thread"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).matches("jetty-pulse-\\d+ true \\| pulse-task-\\d+ true");
            assertThat(context.getBean(PulseRuntime.class).metrics().polls().count())
                    .isPositive();
        }
    }
}
