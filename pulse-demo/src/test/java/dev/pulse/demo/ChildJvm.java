package dev.pulse.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM that runs {@code PulseCli} with this JVM's class path. */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * The command.
     *
     * @param args {@code PulseCli}'s arguments
     * @return java, the flags Pulse needs, the class path, {@code PulseCli} and {@code args}
     */
    static List<String> pulseCli(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                PulseCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
