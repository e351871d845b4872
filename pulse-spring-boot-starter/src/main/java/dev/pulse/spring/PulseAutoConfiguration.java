package dev.pulse.spring;

import dev.pulse.PulseRuntime;
import dev.pulse.jetty.PulseJetty;
import dev.pulse.micrometer.PulseMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Runs a Spring Boot application on one {@link PulseRuntime} built from {@link PulseProperties}:
 * the embedded server's request threads (Tomcat, or Jetty through {@code pulse-jetty}), Spring's
 * {@code applicationTaskExecutor} (so {@code @Async} too), Micrometer meters when a registry
 * exists, and an Actuator endpoint {@code pulse} when Actuator is present. The runtime closes
 * with the application context, after the web server has stopped. Add the starter and two
 * properties:
 *
 * {@snippet lang=properties :
 * pulse.carriers=4
 * management.endpoints.web.exposure.include=health,pulse
 * }
 *
 * <p>The JVM needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} ({@code Add-Opens:
 * java.base/java.lang} in an executable jar's manifest); without it the application fails to
 * start and says so, unless {@code pulse.required=false}.
 *
 * {@snippet class=dev.pulse.spring.snippets.SpringSnippets region=application}
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(PulseProperties.class)
@Conditional(PulseAvailableCondition.class)
public class PulseAutoConfiguration {

    /**
     * Runs after Spring Boot's own virtual-thread customizers (order 1), so that Pulse's
     * executor is the one the server keeps when {@code spring.threads.virtual.enabled} is set too.
     */
    static final int CUSTOMIZER_ORDER = 10;

    /** Created by Spring. */
    public PulseAutoConfiguration() {}

    /**
     * The application's runtime.
     *
     * @param properties the {@code pulse.*} properties
     * @return the runtime, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PulseRuntime pulseRuntime(PulseProperties properties) {
        return properties.build();
    }

    /**
     * Spring's task executor, which {@code @Async} methods use: a Pulse virtual thread per task.
     *
     * @param pulse the runtime
     * @return the executor
     */
    @Bean(name = {"applicationTaskExecutor", "taskExecutor"})
    @ConditionalOnMissingBean(name = "applicationTaskExecutor")
    public SimpleAsyncTaskExecutor applicationTaskExecutor(PulseRuntime pulse) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("pulse-task-");
        executor.setThreadFactory(pulse.ofVirtual().name("pulse-task-", 0).factory());
        return executor;
    }

    /** Tomcat: each request's processing on a Pulse virtual thread. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ConfigurableTomcatWebServerFactory.class)
    static class Tomcat {
        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> pulseTomcatCustomizer(PulseRuntime pulse) {
            Executor requests =
                    perTask(pulse.ofVirtual().name("tomcat-pulse-", 0).factory());
            return new OrderedCustomizer<>(
                    factory -> factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(requests)));
        }
    }

    /** Jetty: its selectors on its own threads, request handling on Pulse ({@link PulseJetty}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ConfigurableJettyWebServerFactory.class, PulseJetty.class})
    static class Jetty {
        @Bean
        WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> pulseJettyCustomizer(PulseRuntime pulse) {
            return new OrderedCustomizer<>(factory -> factory.setThreadPool(PulseJetty.threadPool(pulse)));
        }
    }

    /** Micrometer: Spring Boot binds every {@code MeterBinder} bean to its registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, PulseMeterBinder.class})
    static class Metrics {
        @Bean
        PulseMeterBinder pulseMeterBinder(PulseRuntime pulse) {
            return new PulseMeterBinder(pulse);
        }
    }

    /** Actuator: {@code /actuator/pulse}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class Actuator {
        @Bean
        PulseEndpoint pulseEndpoint(PulseRuntime pulse) {
            return new PulseEndpoint(pulse);
        }
    }

    private static Executor perTask(ThreadFactory threads) {
        return task -> threads.newThread(task).start();
    }

    /** A customizer that runs after Spring Boot's own. */
    private record OrderedCustomizer<F extends org.springframework.boot.web.server.WebServerFactory>(
            WebServerFactoryCustomizer<F> body) implements WebServerFactoryCustomizer<F>, Ordered {
        @Override
        public void customize(F factory) {
            body.customize(factory);
        }

        @Override
        public int getOrder() {
            return CUSTOMIZER_ORDER;
        }
    }
}
