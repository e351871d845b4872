package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.app.ChildFirstLoader;
import example.hogs.BadBudget;
import example.hogs.SpinHogs;
import example.hogs.Unannotated;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.classfile.ClassFile;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code instrument <in> <out>} on directories and jars, as the CLI and the Maven build run it. */
class BuildInstrumenterTest {

    private static final List<Class<?>> INPUT = List.of(SpinHogs.class, Unannotated.class, BadBudget.class);

    @TempDir
    Path tmp;

    @Test
    void aDirectoryIsInstrumentedIntoAnotherAndProblemsAreListed() throws Exception {
        Path in = input();
        Path out = tmp.resolve("out");
        Output o = run(in.toString(), out.toString());
        assertThat(o.exit).as(o.err).isZero();
        assertThat(o.out).startsWith("instrumented 1 of 3 classes (3 checkpoints) into " + out);
        assertThat(o.out).contains("left unchanged: example/hogs/BadBudget.class:");
        assertThat(Files.readAllBytes(classFile(out, SpinHogs.class)))
                .as("the annotated class changed")
                .isNotEqualTo(Files.readAllBytes(classFile(in, SpinHogs.class)));
        assertThat(Files.readAllBytes(classFile(out, BadBudget.class)))
                .as("a class that cannot be instrumented is copied exactly")
                .isEqualTo(Files.readAllBytes(classFile(in, BadBudget.class)));
        assertThat(Files.readString(out.resolve("example/hogs/notes.txt"))).isEqualTo("not a class");
        verifyAll(out);
        try (URLClassLoader loader = childFirst(out)) {
            Class<?> hogs = loader.loadClass(SpinHogs.class.getName());
            assertThat(hogs.getClassLoader()).isSameAs(loader);
            assertThat(hogs.getMethod("annotated", java.util.concurrent.atomic.AtomicBoolean.class)
                            .invoke(null, new java.util.concurrent.atomic.AtomicBoolean(true)))
                    .isEqualTo(1L);
        }
    }

    @Test
    void aMethodsFileAddsUnannotatedMethodsEvenToAClassInstrumentedBefore() throws Exception {
        Path in = input();
        Path first = tmp.resolve("first");
        assertThat(run(in.toString(), first.toString()).exit).isZero();
        Path methods = tmp.resolve("hot-methods.txt");
        Files.writeString(methods, """
                // written by the agent's adaptive-log
                example.hogs.SpinHogs#plain(Ljava/util/concurrent/atomic/AtomicBoolean;)J

                example.hogs.Unannotated#count(I)I
                """);
        Path second = tmp.resolve("second");
        Output o = run(first.toString(), second.toString(), "--methods", methods.toString());
        assertThat(o.exit).as(o.err).isZero();
        // plain: entry and two loops; count: entry and one loop; annotated: already done
        assertThat(o.out).startsWith("instrumented 2 of 3 classes (5 checkpoints) into " + second);
        verifyAll(second);
        var model = ClassFile.of().parse(Files.readAllBytes(classFile(second, SpinHogs.class)));
        assertThat(model
                        .findAttribute(java.lang.classfile.Attributes.runtimeVisibleAnnotations())
                        .orElseThrow()
                        .annotations()
                        .stream()
                        .filter(a -> a.className().equalsString(CheckpointInserter.STAMP)))
                .as("one ABI stamp, not one per run")
                .hasSize(1);
        Output again = run(second.toString(), second.toString(), "--methods", methods.toString());
        assertThat(again.out).startsWith("instrumented 0 of 3 classes (0 checkpoints)");
    }

    @Test
    void aBadMethodsFileNamesTheLineAndWritesNothing() throws Exception {
        Path in = input();
        Path methods = tmp.resolve("hot-methods.txt");
        Files.writeString(
                methods, "example.hogs.SpinHogs#plain(Ljava/util/concurrent/atomic/AtomicBoolean;)J\nburn(J)J\n");
        Path out = tmp.resolve("out");
        Output o = run(in.toString(), out.toString(), "--methods", methods.toString());
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("line 2: 'burn(J)J' is not a method in the form com.acme.Hog#burn(J)J");
        assertThat(out).doesNotExist();
        Output missing = run(
                in.toString(),
                out.toString(),
                "--methods",
                tmp.resolve("none.txt").toString());
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("--methods file '" + tmp.resolve("none.txt") + "' does not exist");
    }

    @Test
    void instrumentingTwiceChangesNothingTheSecondTime() throws Exception {
        Path in = input();
        Path out = tmp.resolve("out");
        assertThat(run(in.toString(), out.toString()).exit).isZero();
        Map<String, byte[]> first = contents(out);
        Output again = run(out.toString(), out.toString()); // in place
        assertThat(again.exit).isZero();
        assertThat(again.out).startsWith("instrumented 0 of 3 classes (0 checkpoints)");
        assertThat(contents(out)).containsExactlyInAnyOrderEntriesOf(first);
    }

    @Test
    void aJarIsInstrumentedIntoAJarAndInPlaceTwiceIsStable() throws Exception {
        Path jar = tmp.resolve("app.jar");
        zip(input(), jar);
        Path out = tmp.resolve("lib/app-instrumented.jar");
        Output o = run(jar.toString(), out.toString(), "--packages", "example.hogs");
        assertThat(o.exit).as(o.err).isZero();
        assertThat(o.out).startsWith("instrumented 2 of 3 classes");
        Map<String, byte[]> first = entries(out);
        assertThat(first).containsKeys("example/hogs/notes.txt", "example/hogs/SpinHogs.class");
        assertThat(entries(jar).keySet()).isEqualTo(first.keySet());
        Output again = run(out.toString(), out.toString(), "--packages", "example.hogs");
        assertThat(again.out).startsWith("instrumented 0 of 3 classes");
        assertThat(entries(out)).containsExactlyInAnyOrderEntriesOf(first);
        assertThat(tmp.resolve("lib")).isDirectoryNotContaining("glob:**pulse-instrument*");
    }

    @Test
    void badArgumentsExitTwoWithTheUsage() throws Exception {
        Path in = input();
        for (String[] args : List.of(
                new String[] {},
                new String[] {in.toString()},
                new String[] {in.toString(), "out", "extra"},
                new String[] {in.toString(), "out", "--fast"},
                new String[] {in.toString(), "out", "--packages"},
                new String[] {in.toString(), "out", "--packages", "com..acme"},
                new String[] {tmp.resolve("missing").toString(), "out"},
                new String[] {in.toString(), tmp.resolve("out.jar").toString()})) {
            Output o = run(args);
            assertThat(o.exit).as("exit for %s", List.of(args)).isEqualTo(2);
            assertThat(o.err.lines()).as("one line for %s", List.of(args)).hasSize(1);
            assertThat(o.err).startsWith("instrument: ").contains(BuildInstrumenter.USAGE);
        }
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    private record Output(int exit, String out, String err) {}

    private static Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BuildInstrumenter.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCorruptClassFileIsAnErrorNamingItAndNothingIsWritten() throws Exception {
        Path in = input();
        byte[] spin = Files.readAllBytes(classFile(in, SpinHogs.class));
        // a class file cut off half way, sorted after SpinHogs.class so SpinHogs is processed first
        Files.write(in.resolve("example/hogs/Truncated.class"), java.util.Arrays.copyOf(spin, spin.length / 2));
        Map<String, byte[]> before = contents(in);

        Output inPlace = run(in.toString(), in.toString());
        assertThat(inPlace.exit).isEqualTo(2);
        assertThat(inPlace.err.strip())
                .startsWith("instrument: 'example/hogs/Truncated.class' is not a valid class file (")
                .endsWith("nothing was written")
                .doesNotContain("usage:");
        assertThat(inPlace.err.strip().lines()).hasSize(1);
        assertThat(contents(in)).as("in place: not half rewritten").containsExactlyInAnyOrderEntriesOf(before);

        Path out = tmp.resolve("out");
        assertThat(run(in.toString(), out.toString()).exit).isEqualTo(2);
        assertThat(out).doesNotExist();

        Path jar = tmp.resolve("app.jar");
        zip(in, jar);
        Path outJar = tmp.resolve("lib/app-instrumented.jar");
        Output fromJar = run(jar.toString(), outJar.toString());
        assertThat(fromJar.exit).isEqualTo(2);
        assertThat(fromJar.err).contains("'example/hogs/Truncated.class' is not a valid class file");
        assertThat(outJar).doesNotExist();
        assertThat(tmp.resolve("lib")).isDirectoryNotContaining("glob:**pulse-instrument*");
    }

    @Test
    void aTruncatedJarIsAnErrorNamingItAndTheOldOutputStays() throws Exception {
        Path jar = tmp.resolve("app.jar");
        zip(input(), jar);
        byte[] whole = Files.readAllBytes(jar);
        Path truncated = tmp.resolve("truncated.jar");
        Files.write(
                truncated, java.util.Arrays.copyOf(whole, whole.length - 30)); // the central directory's end cut off
        Path out = tmp.resolve("lib/app-instrumented.jar");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "the previous build's jar");

        Output o = run(truncated.toString(), out.toString());
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err.strip())
                .startsWith("instrument: '" + truncated + "' is not a readable jar (")
                .contains("corrupt or truncated; nothing was written");
        assertThat(o.err.strip().lines()).hasSize(1);
        assertThat(Files.readString(out)).as("the old output is left whole").isEqualTo("the previous build's jar");
        assertThat(out.getParent()).isDirectoryNotContaining("glob:**pulse-instrument*");
    }

    /** A directory holding the three fixture classes and a resource. */
    private Path input() throws IOException {
        Path in = tmp.resolve("in");
        for (Class<?> c : INPUT) {
            Path target = classFile(in, c);
            Files.createDirectories(target.getParent());
            Files.write(target, InstrumentedLoader.original(c.getName()));
        }
        Files.writeString(in.resolve("example/hogs/notes.txt"), "not a class");
        return in;
    }

    private static Path classFile(Path root, Class<?> c) {
        return root.resolve(c.getName().replace('.', '/') + ".class");
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                m.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return m;
    }

    private static void zip(Path dir, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream z = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : contents(dir).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey().replace('\\', '/')));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    private static void verifyAll(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : contents(dir).entrySet()) {
            if (e.getKey().endsWith(".class")) {
                assertThat(ClassFile.of().verify(e.getValue())).as(e.getKey()).isEmpty();
            }
        }
    }

    /** Loads {@code example.hogs} classes from {@code dir} first. */
    private static URLClassLoader childFirst(Path dir) throws IOException {
        return new ChildFirstLoader(
                dir.toUri().toURL(), BuildInstrumenterTest.class.getClassLoader(), n -> n.startsWith("example.hogs."));
    }
}
