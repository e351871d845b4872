package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import example.hogs.SpinHogs;
import example.shapes.Shapes;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The class file rewrite: where checkpoints go, that code stays correct, and what is left alone. */
class CheckpointInserterTest {

    /** {@code CheckpointAbi.checkpoint(TaskHandle, int, long)}. */
    private static final String WITH_SETTINGS = "(Ldev/pulse/TaskHandle;IJ)V";

    private static final int[] ARGS = {0, 1, 7, 100, 1_000};
    private final CheckpointInserter inserter = new CheckpointInserter(PackageFilter.NONE);

    @Test
    void everyMethodShapeReturnsTheSameResultsInstrumentedAsPlain() throws Exception {
        Map<String, byte[]> unchanged = new LinkedHashMap<>();
        Map<String, byte[]> instrumented = instrumentPackage("example/shapes", inserter, unchanged);
        assertThat(instrumented)
                .containsKeys("example.shapes.Shapes", "example.shapes.Shapes$Point", "example.shapes.Shapes$Summer");
        assertThat(unchanged).containsKeys("example.shapes.Shapes$1", "example.shapes.Shapes$Circle");
        Map<String, byte[]> all = new LinkedHashMap<>(unchanged);
        all.putAll(instrumented);
        InstrumentedLoader loader = new InstrumentedLoader(all); // the whole package in one loader
        Class<?> copy = loader.loadClass(Shapes.class.getName());
        assertThat(copy.getClassLoader()).isSameAs(loader);

        List<Method> shapes = Arrays.stream(Shapes.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
        assertThat(shapes).hasSizeGreaterThanOrEqualTo(14);
        try (PulseRuntime pulse =
                Pulse.builder().name("shapes").carriers(1).budgetUnits(1).build()) {
            for (Method plain : shapes) {
                Method instr = copy.getMethod(plain.getName(), int.class);
                for (int n : ARGS) {
                    Object expected = plain.invoke(null, n);
                    AtomicReference<Object> onPulse = new AtomicReference<>();
                    Thread t = pulse.ofVirtual().start(() -> {
                        try {
                            onPulse.set(instr.invoke(null, n));
                        } catch (ReflectiveOperationException e) {
                            onPulse.set(e.getCause() == null ? e : e.getCause());
                        }
                    });
                    t.join();
                    assertThat(onPulse.get())
                            .as("%s(%d) on Pulse", plain.getName(), n)
                            .isEqualTo(expected);
                    assertThat(instr.invoke(null, n))
                            .as("%s(%d) off Pulse", plain.getName(), n)
                            .isEqualTo(expected);
                }
            }
            assertThat(pulse.metrics().interventions().budgetExhaustions())
                    .as("with one unit per budget every inserted checkpoint reaches the scheduler")
                    .isGreaterThan(10_000);
        }
    }

    @Test
    void annotatedMethodGetsEntryAndBackEdgeCheckpointsAndNothingElseDoes() throws Exception {
        InstrumentResult result = inserter.instrument(
                "example/hogs/SpinHogs",
                InstrumentedLoader.original(SpinHogs.class.getName()),
                InstrumentedLoader.RESOLVER);
        assertThat(result.problem()).isNull();
        ClassModel model = ClassFile.of().parse(result.bytes());
        // annotated(): entry, the inner for loop, the outer while loop; plain() and stopped(): none
        assertThat(checkpointCalls(model, "annotated")).isEqualTo(3);
        assertThat(checkpointCalls(model, "plain")).isZero();
        assertThat(checkpointCalls(model, "stopped")).isZero();
        assertThat(result.checkpoints()).isEqualTo(3);
        assertThat(ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(InstrumentedLoader.RESOLVER))
                        .verify(result.bytes()))
                .isEmpty();
    }

    @Test
    void annotationSettingsPickTheCheckpointWithUnitsAndSlice() throws Exception {
        byte[] point = inserter.instrument(
                        null, InstrumentedLoader.original("example.shapes.Shapes$Point"), InstrumentedLoader.RESOLVER)
                .bytes();
        byte[] summer = inserter.instrument(
                        null, InstrumentedLoader.original("example.shapes.Shapes$Summer"), InstrumentedLoader.RESOLVER)
                .bytes();
        ClassModel p = ClassFile.of().parse(point);
        ClassModel s = ClassFile.of().parse(summer);
        assertThat(descriptors(p, "manhattanWalk")).containsOnly(WITH_SETTINGS);
        assertThat(constants(p, "manhattanWalk")).contains(3, 0L);
        assertThat(descriptors(s, "sumTo")).containsOnly(WITH_SETTINGS);
        assertThat(constants(s, "sumTo")).contains(1, 2_000_000L);
        assertThat(descriptors(
                        ClassFile.of()
                                .parse(instrumentPackage("example/shapes", inserter, new LinkedHashMap<>())
                                        .get("example.shapes.Shapes")),
                        "generics"))
                .containsOnly("(Ldev/pulse/TaskHandle;)V");
    }

    @Test
    void instrumentingTwiceChangesNothingTheSecondTime() throws Exception {
        for (byte[] once : instrumentPackage("example/shapes", inserter, new LinkedHashMap<>())
                .values()) {
            InstrumentResult twice = inserter.instrument(null, once, InstrumentedLoader.RESOLVER);
            assertThat(twice.changed()).isFalse();
            assertThat(twice.problem()).isNull();
            assertThat(twice.bytes()).isSameAs(once);
        }
    }

    @Test
    void classesThatDoNotAskAreReturnedAsTheSameArray() {
        byte[] plain = InstrumentedLoader.original("example.hogs.Unannotated");
        InstrumentResult result = inserter.instrument("example/hogs/Unannotated", plain, InstrumentedLoader.RESOLVER);
        assertThat(result.bytes()).isSameAs(plain);
        assertThat(result.changed()).isFalse();
        assertThat(CheckpointInserter.mentionsAnnotation(plain)).isFalse();
    }

    @Test
    void packagesInstrumentEveryMethodOfTheirClasses() throws Exception {
        CheckpointInserter byPackage = new CheckpointInserter(new PackageFilter(List.of("example.hogs")));
        byte[] plain = InstrumentedLoader.original("example.hogs.Unannotated");
        InstrumentResult result = byPackage.instrument("example/hogs/Unannotated", plain, InstrumentedLoader.RESOLVER);
        // the constructor and count(): an entry checkpoint each, plus count's loop
        assertThat(result.checkpoints()).isEqualTo(3);
        Class<?> c = new InstrumentedLoader(Map.of("example.hogs.Unannotated", result.bytes()))
                .loadClass("example.hogs.Unannotated");
        assertThat(c.getMethod("count", int.class).invoke(null, 11)).isEqualTo(5);
        assertThat(new CheckpointInserter(new PackageFilter(List.of("example.shapes.*")))
                        .instrument("example/hogs/Unannotated", plain, InstrumentedLoader.RESOLVER)
                        .changed())
                .isFalse();
    }

    @Test
    void anAnnotationValueOutOfRangeLeavesTheClassAsItWasAndSaysWhy() {
        byte[] plain = InstrumentedLoader.original("example.hogs.BadBudget");
        InstrumentResult result = inserter.instrument("example/hogs/BadBudget", plain, InstrumentedLoader.RESOLVER);
        assertThat(result.bytes()).isSameAs(plain);
        assertThat(result.problem())
                .contains("example.hogs.BadBudget.count")
                .contains("units must be between 1 and 65535, was 0");
    }

    @Test
    void anUnreadableClassFileIsLeftAsItWasAndSaysWhy() {
        byte[] garbage = "\u00ca\u00fe junk Ldev/pulse/PreemptionBudget; junk".getBytes(StandardCharsets.ISO_8859_1);
        InstrumentResult result = inserter.instrument(null, garbage, InstrumentedLoader.RESOLVER);
        assertThat(result.bytes()).isSameAs(garbage);
        assertThat(result.problem()).isNotBlank();
    }

    /**
     * Instruments every class file under {@code dir} of the test classes; returns the changed ones
     * and puts the others in {@code unchanged}.
     */
    static Map<String, byte[]> instrumentPackage(String dir, CheckpointInserter inserter, Map<String, byte[]> unchanged)
            throws IOException {
        Path root;
        try {
            root = Path.of(Shapes.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(root.resolve(dir))) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : files) {
            String internal =
                    root.relativize(file).toString().replace('\\', '/').replace(".class", "");
            InstrumentResult r = inserter.instrument(internal, Files.readAllBytes(file), InstrumentedLoader.RESOLVER);
            assertThat(r.problem()).as(internal).isNull();
            if (r.changed()) {
                assertThat(ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(InstrumentedLoader.RESOLVER))
                                .verify(r.bytes()))
                        .as("verification of %s", internal)
                        .isEmpty();
                out.put(internal.replace('/', '.'), r.bytes());
            } else {
                unchanged.put(internal.replace('/', '.'), r.bytes());
            }
        }
        return out;
    }

    private static List<Instruction> instructions(ClassModel model, String method) {
        List<Instruction> out = new ArrayList<>();
        for (MethodModel m : model.methods()) {
            if (m.methodName().equalsString(method)) {
                CodeModel code = m.code().orElseThrow();
                code.forEach(e -> {
                    if (e instanceof Instruction i) {
                        out.add(i);
                    }
                });
            }
        }
        return out;
    }

    private static long checkpointCalls(ClassModel model, String method) {
        return instructions(model, method).stream()
                .filter(BackEdgeCheckpoints::isCheckpoint)
                .count();
    }

    private static List<String> descriptors(ClassModel model, String method) {
        return instructions(model, method).stream()
                .filter(BackEdgeCheckpoints::isCheckpoint)
                .map(i -> ((java.lang.classfile.instruction.InvokeInstruction) i)
                        .type()
                        .stringValue())
                .toList();
    }

    private static List<Object> constants(ClassModel model, String method) {
        return instructions(model, method).stream()
                .filter(i -> i instanceof java.lang.classfile.instruction.ConstantInstruction)
                .map(i -> (Object) ((java.lang.classfile.instruction.ConstantInstruction) i).constantValue())
                .toList();
    }
}
