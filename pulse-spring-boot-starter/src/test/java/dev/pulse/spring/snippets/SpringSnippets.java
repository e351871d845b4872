package dev.pulse.spring.snippets;

import dev.pulse.PulseRuntime;
import dev.pulse.spring.PulseFailureAnalyzer;
import dev.pulse.spring.PulseStartupException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Compiled examples for the Javadoc of {@code dev.pulse.spring}. */
final class SpringSnippets {
    private SpringSnippets() {}

    // @start region=application
    @SpringBootApplication
    static class Application {
        public static void main(String[] args) {
            // java --add-opens java.base/java.lang=ALL-UNNAMED -jar app.jar --pulse.carriers=4
            ConfigurableApplicationContext context = SpringApplication.run(Application.class, args);
            PulseRuntime pulse = context.getBean(PulseRuntime.class); // requests and @Async run on it
            System.out.println(pulse.metrics().interventions().handoffs() + " handoffs so far");
        }
    }
    // @end

    static String failure() {
        // @start region=failure
        try {
            SpringApplication.run(Application.class, "--pulse.carriers=0");
        } catch (PulseStartupException e) {
            // Spring Boot prints its report through PulseFailureAnalyzer:
            //   Invalid value for 'pulse.carriers' (0): ...
            //   Action: Change 'pulse.carriers' to a value in the range the message gives.
            return e.getMessage() + " " + e.action();
        }
        // @end
        return PulseFailureAnalyzer.class.getSimpleName();
    }
}
