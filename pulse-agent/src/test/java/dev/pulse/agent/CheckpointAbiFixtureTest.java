package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.CheckpointAbi;
import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import example.abi.AbiHog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint ABI holds: a class file instrumented by ABI version 1 (a fixture frozen in {@code
 * src/test/resources/abi/v1}) still links and checkpoints on this runtime; a stamped class is never
 * instrumented twice, whatever Pulse stamped it; a class stamped with a future version is left
 * unchanged with one line that says so.
 */
class CheckpointAbiFixtureTest {

    private static final String NAME = AbiHog.class.getName();
    private static final long STEPS = 2_000_000;
    private static final int UNITS = 100;

    @Test
    void theFixtureCallsVersionOneOfTheAbiAndNothingElseOfPulse() {
        ClassModel model = ClassFile.of().parse(fixture());
        assertThat(CheckpointInserter.stampedAbi(model)).isEqualTo(1);
        assertThat(pulseCalls(model))
                .containsExactly(
                        "dev/pulse/CheckpointAbi.checkpoint(Ldev/pulse/TaskHandle;)V",
                        "dev/pulse/CheckpointAbi.checkpoint(Ldev/pulse/TaskHandle;IJ)V",
                        "dev/pulse/CheckpointAbi.task()Ldev/pulse/TaskHandle;");
    }

    @Test
    void theRuntimeStillRunsTheVersionOneFixture() throws Exception {
        Class<?> shipped = new InstrumentedLoader(Map.of(NAME, fixture())).loadClass(NAME);
        assertThat(CheckpointAbi.versionOf(shipped)).isEqualTo(1);
        assertThat(CheckpointAbi.versionOf(AbiHog.class))
                .as("the uninstrumented source")
                .isZero();

        long expected = new AbiHog().applyAsLong(STEPS);
        Exhaustions plain = run(shipped, "applyAsLong");
        assertThat(plain.result)
                .as("the instrumented loop computes what the source does")
                .isEqualTo(expected);
        // one unit per back-edge, 100 units a budget: STEPS / 100 exhaustions (the runtime's 1 s
        // slice is far longer than the loop, so every grant is the whole 100)
        assertThat(plain.count).isBetween(STEPS / UNITS - 1, STEPS / UNITS + 1);

        Exhaustions withSlice = run(shipped, "withSlice");
        assertThat(withSlice.result).isEqualTo(expected);
        // 4 units a checkpoint spend the budget 4 times as fast; the 100 µs slice of the
        // annotation makes grants near each slice's end smaller (paced to what is left of it),
        // never larger, so at least that many exhaustions: a checkpoint that finds fewer than 4
        // units left ends the grant, hence UNITS + 3
        assertThat(withSlice.count)
                .as("4 units a checkpoint spend the budget at least 4 times as fast")
                .isGreaterThanOrEqualTo(4 * STEPS / (UNITS + 3));

        Exhaustions control = run(AbiHog.class, "applyAsLong");
        assertThat(control.count)
                .as("control: the same class without checkpoints")
                .isZero();
    }

    @Test
    void instrumentingTheFixtureAgainChangesNothing() {
        byte[] fixture = fixture();
        InstrumentResult again = new CheckpointInserter(new PackageFilter(List.of("example")))
                .instrument("example/abi/AbiHog", fixture, InstrumentedLoader.RESOLVER);
        assertThat(again.problem()).isNull();
        assertThat(again.bytes()).isSameAs(fixture);
    }

    @Test
    void aClassInstrumentedBeforeTheAbiHadAVersionIsNotInstrumentedAgain() {
        byte[] legacy = toUnversionedForm(fixture());
        ClassModel model = ClassFile.of().parse(legacy);
        assertThat(CheckpointInserter.stampedAbi(model)).isZero();
        assertThat(pulseCalls(model))
                .allSatisfy(call -> assertThat(call).startsWith("dev/pulse/scheduler/Checkpoints."));
        InstrumentResult again = new CheckpointInserter(PackageFilter.NONE)
                .instrument("example/abi/AbiHog", legacy, InstrumentedLoader.RESOLVER);
        assertThat(again.problem()).isNull();
        assertThat(again.bytes()).isSameAs(legacy);
    }

    @Test
    void aClassStampedWithAFutureVersionIsLoadedUnchangedWithOneLine() {
        byte[] future = stamped(InstrumentedLoader.original(NAME), CheckpointAbi.VERSION + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PulseClassTransformer agent = new PulseClassTransformer(
                AgentOptions.DEFAULTS, null, new PrintStream(out, true, StandardCharsets.UTF_8));
        ClassLoader app = CheckpointAbiFixtureTest.class.getClassLoader();
        assertThat(agent.transform(null, app, "example/abi/AbiHog", null, null, future))
                .as("loaded as it is")
                .isNull();
        assertThat(agent.transform(null, app, "example/abi/AbiHog", null, null, future))
                .isNull();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "pulse-agent: left example.abi.AbiHog unchanged: instrumented for Pulse checkpoint ABI 2,"
                                + " newer than this Pulse's ABI 1; use the Pulse that instrumented it (or a later one)");
        assertThat(agent.instrumentedClasses()).isZero();
    }

    private record Exhaustions(long result, long count) {}

    /** Runs {@code method(STEPS)} of a fresh instance on a one-carrier runtime; its exhaustions. */
    private static Exhaustions run(Class<?> type, String method) throws Exception {
        Object hog = type.getDeclaredConstructor().newInstance();
        Method m = type.getMethod(method, long.class);
        try (PulseRuntime pulse = Pulse.builder()
                        .name("abi-" + method)
                        .carriers(1)
                        .budgetUnits(UNITS)
                        .slice(Duration.ofSeconds(1)) // no slice ends inside the loop: whole grants
                        .handoffAfter(Duration.ofSeconds(1))
                        .build();
                ExecutorService tasks = pulse.newThreadPerTaskExecutor()) {
            long result = tasks.submit(() -> (Long) m.invoke(hog, STEPS)).get();
            return new Exhaustions(result, pulse.metrics().interventions().budgetExhaustions());
        }
    }

    /** Every Pulse method the class calls, as {@code owner.name descriptor}, sorted. */
    private static Set<String> pulseCalls(ClassModel model) {
        Set<String> calls = new TreeSet<>();
        model.methods()
                .forEach(m -> m.code()
                        .ifPresent(code -> code.forEach(e -> {
                            if (e instanceof InvokeInstruction i
                                    && i.owner().asInternalName().startsWith("dev/pulse/")) {
                                calls.add(i.owner().asInternalName() + "."
                                        + i.name().stringValue() + i.type().stringValue());
                            }
                        })));
        return calls;
    }

    /** The fixture as Pulse wrote it before the ABI: calls into the scheduler's classes, no stamp. */
    private static byte[] toUnversionedForm(byte[] instrumented) {
        ClassDesc checkpoints = ClassDesc.of("dev.pulse.scheduler.Checkpoints");
        ClassDesc task = ClassDesc.of("dev.pulse.scheduler.ScheduledTask");
        CodeTransform calls = (builder, element) -> {
            if (element instanceof InvokeInstruction i
                    && i.owner().asInternalName().equals("dev/pulse/CheckpointAbi")) {
                switch (i.name().stringValue() + i.typeSymbol().parameterCount()) {
                    case "task0" -> builder.invokestatic(checkpoints, "currentTask", MethodTypeDesc.of(task));
                    case "checkpoint1" ->
                        builder.invokestatic(checkpoints, "checkpoint", MethodTypeDesc.of(ConstantDescs.CD_void, task));
                    default ->
                        builder.invokestatic(
                                checkpoints,
                                "consume",
                                MethodTypeDesc.of(
                                        ConstantDescs.CD_void, task, ConstantDescs.CD_int, ConstantDescs.CD_long));
                }
            } else {
                builder.with(element);
            }
        };
        ClassTransform noStamp = ClassTransform.dropping(e -> e instanceof RuntimeVisibleAnnotationsAttribute)
                .andThen(ClassTransform.endHandler(b -> b.with(RuntimeVisibleAnnotationsAttribute.of(
                        Annotation.of(ClassDesc.of("dev.pulse.PreemptionBudget"))))));
        return ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(InstrumentedLoader.RESOLVER))
                .transformClass(
                        ClassFile.of().parse(instrumented),
                        noStamp.andThen(ClassTransform.transformingMethodBodies(calls)));
    }

    /** {@code original} with {@code @PulseInstrumented(abi = version)} added to its annotations. */
    private static byte[] stamped(byte[] original, int version) {
        ClassModel model = ClassFile.of().parse(original);
        List<Annotation> annotations =
                new ArrayList<>(model.findAttribute(java.lang.classfile.Attributes.runtimeVisibleAnnotations())
                        .map(RuntimeVisibleAnnotationsAttribute::annotations)
                        .orElse(List.of()));
        annotations.add(
                Annotation.of(ClassDesc.of("dev.pulse.PulseInstrumented"), AnnotationElement.ofInt("abi", version)));
        return ClassFile.of()
                .transformClass(
                        model,
                        ClassTransform.dropping(e -> e instanceof RuntimeVisibleAnnotationsAttribute)
                                .andThen(ClassTransform.endHandler(
                                        b -> b.with(RuntimeVisibleAnnotationsAttribute.of(annotations)))));
    }

    private static byte[] fixture() {
        try (InputStream in = CheckpointAbiFixtureTest.class.getResourceAsStream("/abi/v1/example/abi/AbiHog.class")) {
            assertThat(in).as("the ABI 1 fixture").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
