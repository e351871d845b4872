package dev.pulse.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link PulseStartupException} the way Spring Boot reports its own startup failures:
 * what was wrong, and the action that fixes it. Registered in {@code META-INF/spring.factories}.
 *
 * {@snippet class=dev.pulse.spring.snippets.SpringSnippets region=failure}
 */
public final class PulseFailureAnalyzer extends AbstractFailureAnalyzer<PulseStartupException> {

    /** Creates the analyzer; Spring Boot does, from {@code spring.factories}. */
    public PulseFailureAnalyzer() {}

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PulseStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
