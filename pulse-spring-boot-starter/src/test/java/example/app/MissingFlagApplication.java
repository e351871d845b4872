package example.app;

import dev.pulse.PulseRuntime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Started in a child JVM without Pulse's flag: prints whether it started, and with a runtime. */
@SpringBootApplication
public class MissingFlagApplication {
    /** Creates the application. */
    public MissingFlagApplication() {}

    /**
     * Starts, reports, stops.
     *
     * @param args Spring Boot arguments, such as {@code --pulse.required=false}
     */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(MissingFlagApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = app.run(args)) {
            System.out.println("STARTED runtimes="
                    + context.getBeansOfType(PulseRuntime.class).size());
        }
    }
}
