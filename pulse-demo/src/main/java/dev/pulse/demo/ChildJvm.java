package dev.pulse.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A demo row in a JVM of its own, so that the JDK's default scheduler gets exactly the carriers
 * asked for and nothing left over from one row disturbs the next. The child runs a {@link
 * PulseCli} command; its standard error goes to ours, and its last line of standard output is its
 * result.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * Runs one child and returns its last output line.
     *
     * @param what the row's name, for the error message
     * @param carriers the JDK scheduler's parallelism and pool size in the child
     * @param jvmFlags more JVM flags; without {@code -javaagent} the child gets {@code --add-opens}
     * @param command the {@link PulseCli} command and its flags
     * @return the last line the child printed
     * @throws IOException if the child cannot start, fails or prints nothing
     * @throws InterruptedException if interrupted
     */
    static String run(String what, int carriers, List<String> jvmFlags, List<String> command)
            throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-Djdk.virtualThreadScheduler.parallelism=" + carriers);
        flags.add("-Djdk.virtualThreadScheduler.maxPoolSize=" + carriers);
        List<String> line = command(flags, command);
        Process child = new ProcessBuilder(line)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String last = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String read;
            while ((read = reader.readLine()) != null) {
                last = read;
            }
        }
        int exit = child.waitFor();
        if (exit != 0 || last == null) {
            throw new IOException(what + " failed (exit " + exit + ")");
        }
        return last;
    }

    /**
     * The command line of a child JVM that runs {@link PulseCli} with this JVM's class path.
     *
     * @param args {@code PulseCli}'s arguments
     * @return java, the flags Pulse needs, the class path, {@code PulseCli} and {@code args}
     */
    static List<String> pulseCli(String... args) {
        return command(List.of(), List.of(args));
    }

    private static List<String> command(List<String> jvmFlags, List<String> args) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(jvmFlags);
        if (jvmFlags.stream().noneMatch(f -> f.startsWith("-javaagent:"))) { // the agent opens java.lang itself
            line.add("--add-opens");
            line.add("java.base/java.lang=ALL-UNNAMED");
        }
        line.add("--enable-native-access=ALL-UNNAMED");
        line.add("-cp");
        line.add(System.getProperty("java.class.path"));
        line.add(PulseCli.class.getName());
        line.addAll(args);
        return line;
    }
}
