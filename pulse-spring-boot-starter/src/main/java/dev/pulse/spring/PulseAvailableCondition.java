package dev.pulse.spring;

import dev.pulse.Pulse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Pulse is configured when it can run, or when it is required (the default: the runtime bean
 * then fails the startup with the flag to add). With {@code pulse.required=false} and no flag the
 * application starts unprotected, and says so once.
 */
final class PulseAvailableCondition extends SpringBootCondition {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Optional<String> why = Pulse.unavailableReason();
        if (why.isEmpty()) {
            return ConditionOutcome.match("Pulse can install its scheduler");
        }
        boolean required = context.getEnvironment().getProperty("pulse.required", Boolean.class, true);
        if (required) {
            return ConditionOutcome.match("Pulse is required (pulse.required=true) though unavailable: " + why.get());
        }
        if (SAID.compareAndSet(false, true)) {
            System.getLogger(PulseAutoConfiguration.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "Pulse is off: the application runs unprotected (pulse.required=false). {0}",
                            why.get());
        }
        return ConditionOutcome.noMatch("Pulse is unavailable and pulse.required=false: " + why.get());
    }
}
