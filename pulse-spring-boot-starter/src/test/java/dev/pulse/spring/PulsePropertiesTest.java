package dev.pulse.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.PulseRuntime;
import dev.pulse.tier.Tier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code pulse.*} properties: bound, checked, and a bad value named in the startup failure. */
class PulsePropertiesTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PulseAutoConfiguration.class));

    @Test
    void propertiesConfigureTheRuntime() {
        runner.withPropertyValues(
                        "pulse.name=props",
                        "pulse.carriers=3",
                        "pulse.enabled=false",
                        "pulse.handoff-after=25ms",
                        "pulse.timer-slack=0ms",
                        "pulse.tier.max-tier=YIELD")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PulseRuntime.class);
                    PulseRuntime pulse = context.getBean(PulseRuntime.class);
                    assertThat(pulse.name()).isEqualTo("props");
                    assertThat(pulse.config().carriers()).isEqualTo(3);
                    assertThat(pulse.metrics().enabled()).isFalse();
                    assertThat(pulse.config().handoffAfter()).hasMillis(25);
                    assertThat(pulse.config().timerSlack()).isZero();
                    assertThat(pulse.config().tierPolicy().maxTier()).isEqualTo(Tier.YIELD);
                });
    }

    @Test
    void aBadValueFailsTheStartupNamingTheProperty() {
        assertFailure("pulse.carriers=0", "Invalid value for 'pulse.carriers' (0)", "Change 'pulse.carriers'");
        assertFailure("pulse.slice=1ns", "Invalid value for 'pulse.slice'", "Change 'pulse.slice'");
        assertFailure("pulse.timer-slack=20ms", "Invalid value for 'pulse.timer-slack'", "Change 'pulse.timer-slack'");
        assertFailure(
                "pulse.tier.promote-after-slow-polls=-1",
                "Invalid value for 'pulse.tier.promote-after-slow-polls' (-1)",
                "Change 'pulse.tier.promote-after-slow-polls'");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedBySpringsBinder() {
        runner.withPropertyValues("pulse.carriers=four").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("four");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("pulse.carriers");
        });
    }

    @Test
    void idesFindEveryPropertyInTheMetadata() throws Exception {
        try (java.io.InputStream in =
                PulseProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("written by the configuration processor").isNotNull();
            String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(metadata)
                    .contains(
                            "\"pulse.required\"",
                            "\"pulse.carriers\"",
                            "\"pulse.handoff-after\"",
                            "\"pulse.max-extra-carriers\"",
                            "\"pulse.timer-slack\"",
                            "\"pulse.tier.slow-poll-threshold\"",
                            "\"pulse.tier.max-tier\"",
                            "main carrier threads, 1 to 32767");
        }
    }

    private void assertFailure(String property, String description, String action) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PulseFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as(property).isNotNull();
            assertThat(analysis.getDescription()).contains(description);
            assertThat(analysis.getAction()).contains(action);
        });
    }
}
