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
