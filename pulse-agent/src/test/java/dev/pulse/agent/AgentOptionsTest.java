package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {

    @Test
    void noOptionsMeansAnnotatedCodeOnlyAndQuiet() {
        assertThat(AgentOptions.parse(null)).isEqualTo(AgentOptions.DEFAULTS);
        assertThat(AgentOptions.parse("  ")).isEqualTo(AgentOptions.DEFAULTS);
        assertThat(AgentOptions.DEFAULTS.packages().isEmpty()).isTrue();
        assertThat(AgentOptions.DEFAULTS.verbose()).isFalse();
    }

    @Test
    void packagesAccumulateAcrossRepeatsAndColons() {
        AgentOptions o = AgentOptions.parse("packages=com.acme.*:org.example, verbose=true,packages=net.x");
        assertThat(o.verbose()).isTrue();
        assertThat(o.packages().matches("com/acme/Hog")).isTrue();
        assertThat(o.packages().matches("com/acme/deep/Hog")).isTrue();
        assertThat(o.packages().matches("org/example/Hog")).isTrue();
        assertThat(o.packages().matches("org/example/sub/Hog"))
                .as("without .* only the package itself")
                .isFalse();
        assertThat(o.packages().matches("net/x/Hog")).isTrue();
        assertThat(o.packages().matches("com/acmex/Hog")).isFalse();
    }

    @Test
    void adaptiveOptionsAreOffByDefaultAndReadAsWritten() {
        assertThat(AgentOptions.DEFAULTS.adaptive()).isFalse();
        assertThat(AgentOptions.DEFAULTS.adaptiveMaxPerMinute())
                .isEqualTo(AgentOptions.DEFAULT_ADAPTIVE_MAX_PER_MINUTE);
        AgentOptions o = AgentOptions.parse(
                "adaptive=true,adaptive-exclude=com.acme.vendored.*:org.lib,adaptive-max-per-minute=3,"
                        + "adaptive-log=target/hot.txt,adaptive-exclude=net.x");
        assertThat(o.adaptive()).isTrue();
        assertThat(o.adaptiveExclude().matches("com/acme/vendored/deep/Loop")).isTrue();
        assertThat(o.adaptiveExclude().matches("org/lib/Loop")).isTrue();
        assertThat(o.adaptiveExclude().matches("net/x/Loop")).isTrue();
        assertThat(o.adaptiveExclude().matches("com/acme/Loop")).isFalse();
        assertThat(o.adaptiveMaxPerMinute()).isEqualTo(3);
        assertThat(o.adaptiveLog()).isEqualTo(java.nio.file.Path.of("target/hot.txt"));
        assertThat(o.packages().isEmpty())
                .as("adaptive-exclude is not packages")
                .isTrue();
        assertThat(o.withoutAdaptive().adaptive()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "packages=|packages=|packages needs at least one package",
                "packages|packages|packages needs at least one package",
                "verbose=yes|verbose=yes|verbose must be true or false",
                "verbose|verbose|verbose must be true or false",
                "color=red|color=red|unknown option",
                "packages=com..acme|packages=com..acme|com..acme",
                "packages=com.acme:|packages=com.acme:|''",
                "verbose=true,,|''|unknown option",
                "adaptive=yes|adaptive=yes|adaptive must be true or false",
                "adaptive-max-per-minute=0|adaptive-max-per-minute=0|adaptive-max-per-minute must be a whole number from 1 to 1000",
                "adaptive-max-per-minute=ten|adaptive-max-per-minute=ten|from 1 to 1000",
                "adaptive-max-per-minute=1001|adaptive-max-per-minute=1001|from 1 to 1000",
                "adaptive-exclude=|adaptive-exclude=|adaptive-exclude needs at least one package",
                "adaptive-exclude=com..x|adaptive-exclude=com..x|com..x",
                "adaptive-log=|adaptive-log=|adaptive-log needs a file name",
                "adaptive-log=.|adaptive-log=.|adaptive-log names a directory",
            })
    void aBadOptionIsNamedWithTheAllowedForms(String args, String named, String why) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentOptions.parse(args))
                .withMessageStartingWith("bad option '" + named + "'")
                .withMessageContaining(why)
                .withMessageEndingWith("allowed: " + AgentOptions.FORMS)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
