package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.hogs.BadBudget;
import example.hogs.SpinHogs;
import example.hogs.Unannotated;
import java.lang.classfile.ClassFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What this module's own build did with the Maven configuration the README documents (the {@code
 * pulse-instrument} execution in {@code pulse-agent/pom.xml}): the test classes, instrumented into
 * {@code target/build-instrumented}.
 */
class BuildTimeInstrumentationTest {

    private static final Path OUT = Path.of("target", "build-instrumented");

    @Test
    void theMavenExecutionInstrumentedAnnotatedClassesOnly() throws Exception {
        byte[] hogs = read(SpinHogs.class);
        assertThat(hogs).as("an annotated class got checkpoints").isNotEqualTo(original(SpinHogs.class));
        assertThat(ClassFile.of().verify(hogs)).isEmpty();
        InstrumentResult again = new CheckpointInserter(PackageFilter.NONE)
                .instrument("example/hogs/SpinHogs", hogs, InstrumentedLoader.RESOLVER);
        assertThat(again.bytes()).as("already instrumented: nothing to add").isSameAs(hogs);
        assertThat(read(Unannotated.class)).isEqualTo(original(Unannotated.class));
        assertThat(read(BadBudget.class)).as("left exactly as it was").isEqualTo(original(BadBudget.class));
    }

    private static byte[] read(Class<?> c) throws java.io.IOException {
        Path file = OUT.resolve(c.getName().replace('.', '/') + ".class");
        assertThat(file).as("the build wrote %s", file).isRegularFile();
        return Files.readAllBytes(file);
    }

    private static byte[] original(Class<?> c) {
        return InstrumentedLoader.original(c.getName());
    }
}
