package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Joiner;
import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import example.thirdparty.Samples;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.lang3.StringUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of two real third-party jars from the registry, commons-lang3 and guava, with a
 * checkpoint in every method (as with {@code packages=}): the JVM loads and verifies each one
 * exactly as it does the original, and a sample of their API gives identical results.
 */
class ThirdPartyJarsTest {

    @TempDir
    Path temp;

    @Test
    void commonsLang3AndGuavaInstrumentedWholeVerifyLinkAndGiveTheSameResults() throws Exception {
        Path lang3 = jarOf(StringUtils.class);
        Path guava = jarOf(Joiner.class);
        Path lang3Out = temp.resolve("commons-lang3-instrumented.jar");
        Path guavaOut = temp.resolve("guava-instrumented.jar");

        BuildInstrumenter.Summary lang3Summary = new BuildInstrumenter(
                        new PackageFilter(List.of("org.apache.commons.lang3.*")), List.of())
                .instrument(lang3, lang3Out);
        BuildInstrumenter.Summary guavaSummary = new BuildInstrumenter(
                        new PackageFilter(List.of("com.google.common.*")), List.of())
                .instrument(guava, guavaOut);
        for (BuildInstrumenter.Summary s : List.of(lang3Summary, guavaSummary)) {
            assertThat(s.problems()).as("classes left unchanged").isEmpty();
            assertThat(s.instrumented()).as("classes with code got checkpoints").isGreaterThan(s.classes() / 2);
        }
        assertThat(lang3Summary.classes()).isGreaterThan(300);
        assertThat(guavaSummary.classes()).isGreaterThan(1_500);

        // the ClassFile API's verifier on every rewritten class
        for (Path jar : List.of(lang3Out, guavaOut)) {
            try (URLClassLoader resources = new URLClassLoader(
                    new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
                ClassFile verifier = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                        ClassHierarchyResolver.ofResourceParsing(resources).cached()));
                for (Map.Entry<String, byte[]> e : classes(jar).entrySet()) {
                    assertThat(verifier.verify(e.getValue()))
                            .as("verify %s", e.getKey())
                            .isEmpty();
                }
            }
        }

        // the JVM: link every class in a loader of the originals and one of the instrumented copies
        Path testClasses = Path.of(Samples.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        try (ChildFirstLoader plain = new ChildFirstLoader(lang3, guava, testClasses);
                ChildFirstLoader instrumented = new ChildFirstLoader(lang3Out, guavaOut, testClasses)) {
            int linked = 0;
            for (Path jar : List.of(lang3, guava)) {
                for (String name : classes(jar).keySet()) {
                    String expected = link(plain, name);
                    assertThat(link(instrumented, name)).as("linking %s", name).isEqualTo(expected);
                    if (expected.equals("linked")) {
                        linked++;
                    }
                }
            }
            assertThat(linked).isGreaterThan(1_800);

            Object plainResults =
                    plain.loadClass(Samples.class.getName()).getMethod("run").invoke(null);
            assertThat(instrumented
                            .loadClass(Samples.class.getName())
                            .getMethod("run")
                            .invoke(null))
                    .as("samples off Pulse")
                    .isEqualTo(plainResults);
            try (PulseRuntime pulse = Pulse.builder()
                    .name("third-party")
                    .carriers(1)
                    .budgetUnits(1)
                    .build()) {
                AtomicReference<Object> onPulse = new AtomicReference<>();
                pulse.ofVirtual()
                        .start(() -> {
                            try {
                                onPulse.set(instrumented
                                        .loadClass(Samples.class.getName())
                                        .getMethod("run")
                                        .invoke(null));
                            } catch (ReflectiveOperationException e) {
                                onPulse.set(e);
                            }
                        })
                        .join();
                assertThat(onPulse.get()).as("samples on Pulse").isEqualTo(plainResults);
                assertThat(pulse.metrics().interventions().budgetExhaustions())
                        .as("the libraries' inserted checkpoints ran on Pulse")
                        .isGreaterThan(10_000);
            }
        }
    }

    /** "linked", or the simple name of the error linking threw (missing optional dependencies). */
    private static String link(ClassLoader loader, String name) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            // linking (here, for the reflection data) is where the JVM verifies the class
            java.util.Objects.requireNonNull(c.getDeclaredMethods());
            return "linked";
        } catch (VerifyError e) {
            throw new AssertionError("VerifyError in " + name, e);
        } catch (ClassNotFoundException | LinkageError e) {
            return e.getClass().getSimpleName();
        }
    }

    private static Map<String, byte[]> classes(Path jar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String n = e.getName();
                if (n.endsWith(".class")
                        && !n.startsWith("META-INF/")
                        && !n.endsWith("module-info.class")
                        && !n.endsWith("package-info.class")) {
                    out.put(
                            n.substring(0, n.length() - 6).replace('/', '.'),
                            zip.getInputStream(e).readAllBytes());
                }
            }
        }
        return out;
    }

    private static Path jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Loads the libraries and the samples from the given jars first, everything else from the test loader. */
    private static final class ChildFirstLoader extends URLClassLoader {
        private static final List<String> OWN =
                List.of("org.apache.commons.lang3.", "com.google.common.", "example.thirdparty.");

        ChildFirstLoader(Path... paths) throws IOException {
            super("child-first", urls(paths), ChildFirstLoader.class.getClassLoader());
        }

        private static URL[] urls(Path... paths) throws IOException {
            List<URL> urls = new ArrayList<>();
            for (Path p : paths) {
                urls.add(p.toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (OWN.stream().noneMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) { // e.g. guava's failureaccess classes
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
