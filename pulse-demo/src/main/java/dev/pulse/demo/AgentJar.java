package dev.pulse.demo;

import dev.pulse.agent.PulseAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The jar to pass to {@code -javaagent} for the demo's child JVMs: {@code pulse.jar} itself when the
 * demo runs from it (its manifest names the agent), else — in a build, where the agent's classes
 * are a directory on the class path — a jar holding only a manifest that names {@link PulseAgent},
 * which the JVM then loads from the class path like any class.
 */
final class AgentJar {

    private static Path path;

    private AgentJar() {}

    /**
     * The agent jar, made once per JVM when needed.
     *
     * @return a jar whose manifest has {@code Premain-Class}
     */
    static synchronized Path path() {
        if (path == null) {
            path = find();
        }
        return path;
    }

    private static Path find() {
        try {
            Path source = Path.of(PulseAgent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(source) && namesTheAgent(source)) {
                return source;
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().putValue("Premain-Class", PulseAgent.class.getName());
            manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
            Path jar = Files.createTempFile("pulse-agent-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.flush();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean namesTheAgent(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            return m != null
                    && PulseAgent.class.getName().equals(m.getMainAttributes().getValue("Premain-Class"));
        }
    }
}
