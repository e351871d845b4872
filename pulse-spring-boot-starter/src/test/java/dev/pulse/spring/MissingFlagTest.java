package dev.pulse.spring;

import static org.assertj.core.api.Assertions.assertThat;

import example.app.MissingFlagApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real application in a JVM started without {@code --add-opens java.base/java.lang}: it fails
 * at startup naming the flag and the manifest entry, unless {@code pulse.required=false}, where it
 * starts unprotected and says so once.
 */
class MissingFlagTest {

    private record Run(int exit, String output) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MissingFlagApplication.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(child.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheFlagTheApplicationFailsToStartAndSaysWhatToAdd() throws Exception {
        Run run = run();
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output())
                .contains(
                        "APPLICATION FAILED TO START",
                        "--add-opens java.base/java.lang=ALL-UNNAMED",
                        PulseStartupException.MANIFEST_ENTRY,
                        "pulse.required=false")
                .doesNotContain("STARTED");
    }

    @Test
    void withPulseNotRequiredItStartsUnprotectedAndSaysSoOnce() throws Exception {
        Run run = run("--pulse.required=false");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("STARTED runtimes=0");
        assertThat(run.output().split("Pulse is off", -1)).as(run.output()).hasSize(2);
        assertThat(run.output()).contains("--add-opens java.base/java.lang=ALL-UNNAMED");
    }
}
