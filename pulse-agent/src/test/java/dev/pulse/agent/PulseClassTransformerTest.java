package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.hogs.BadBudget;
import example.hogs.SpinHogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the transformer touches, with bytes that would be instrumented under any name. */
class PulseClassTransformerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private static final AgentOptions OPTIONS = AgentOptions.parse("packages=dev.pulse.*:java.*:jdk.*:example.*");

    private final PulseClassTransformer transformer =
            new PulseClassTransformer(OPTIONS, null, new PrintStream(out, true, StandardCharsets.UTF_8));
    private final byte[] hogs = InstrumentedLoader.original(SpinHogs.class.getName());
    private final ClassLoader app = getClass().getClassLoader();
    private final Module unnamed = app.getUnnamedModule();

    private byte[] transform(ClassLoader loader, String name, Class<?> redefined, byte[] bytes) {
        return transformer.transform(unnamed, loader, name, redefined, null, bytes);
    }

    @Test
    void applicationClassesAreInstrumented() {
        byte[] result = transform(app, "example/hogs/SpinHogs", null, hogs);
        assertThat(result).isNotNull().isNotEqualTo(hogs);
        assertThat(transformer.instrumentedClasses()).isEqualTo(1);
        assertThat(transformer.insertedCheckpoints())
                .isEqualTo(new CheckpointInserter(OPTIONS.packages())
                        .instrument("example/hogs/SpinHogs", hogs, InstrumentedLoader.RESOLVER)
                        .checkpoints());
    }

    @Test
    void jdkAndPulseClassesAreNeverTouchedEvenWhenTheirPackagesAreNamed() {
        for (String name : new String[] {
            "java/util/Hog",
            "javax/x/Hog",
            "jdk/internal/Hog",
            "sun/misc/Hog",
            "com/sun/x/Hog",
            "dev/pulse/Hog",
            "dev/pulse/scheduler/Hog"
        }) {
            assertThat(transform(app, name, null, hogs)).as(name).isNull();
        }
        assertThat(transform(null, "example/hogs/SpinHogs", null, hogs))
                .as("the boot loader's classes")
                .isNull();
        assertThat(transform(ClassLoader.getPlatformClassLoader(), "example/hogs/SpinHogs", null, hogs))
                .as("the platform loader's classes")
                .isNull();
        assertThat(transform(app, null, null, hogs)).as("hidden classes").isNull();
        assertThat(transform(app, "example/hogs/SpinHogs", SpinHogs.class, hogs))
                .as("redefinitions")
                .isNull();
        assertThat(transformer.instrumentedClasses()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aClassThatCannotBeInstrumentedIsReportedOnceAndLeftAlone() {
        byte[] bad = InstrumentedLoader.original(BadBudget.class.getName());
        assertThat(transform(app, "example/hogs/BadBudget", null, bad)).isNull();
        assertThat(transform(app, "example/hogs/BadBudget", null, bad)).isNull();
        assertThat(transform(app, "example/hogs/Broken", null, new byte[] {1, 2, 3}))
                .isNull();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("pulse-agent: left example.hogs."))
                .anySatisfy(l -> assertThat(l).contains("BadBudget unchanged", "units must be between 1 and 65535"));
    }

    @Test
    void aLoaderThatCannotSeePulseGetsNoCheckpoints() {
        ClassLoader isolated = new ClassLoader(null) {};
        assertThat(transform(isolated, "example/hogs/SpinHogs", null, hogs)).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cannot see dev.pulse.Pulse");
    }
}
