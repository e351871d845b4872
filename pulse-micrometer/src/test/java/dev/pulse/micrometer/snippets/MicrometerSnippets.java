package dev.pulse.micrometer.snippets;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.micrometer.PulseMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Compiled examples for the Javadoc of {@code pulse-micrometer}. */
final class MicrometerSnippets {
    private MicrometerSnippets() {}

    static double bind() {
        // @start region=bind
        MeterRegistry registry = new SimpleMeterRegistry(); // or your Prometheus/OTLP registry
        try (PulseRuntime pulse = Pulse.builder().name("api").build()) {
            new PulseMeterBinder(pulse).bindTo(registry);
            return registry.get("pulse.polls")
                    .tag("runtime", "api")
                    .functionCounter()
                    .count();
        }
        // @end
    }
}
