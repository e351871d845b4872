package dev.pulse.agent;

import java.lang.classfile.AccessFlags;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.AttributedElement;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.RuntimeInvisibleAnnotationsAttribute;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites one class file so that the methods that ask for it get checkpoints: methods annotated
 * {@code @PreemptionBudget}, the methods of annotated types, the lambda bodies written in
 * annotated methods, and every method of a class in the given {@link PackageFilter}. Each such
 * method gets a checkpoint at entry and at every loop back-edge (see {@link BackEdgeCheckpoints}).
 *
 * <p>Never throws for a bad class file: anything that goes wrong (a class file this JDK cannot
 * read, an annotation value out of range, a type the stack map computation cannot resolve) leaves
 * the bytes exactly as they were and says why in {@link InstrumentResult#problem()}. A class with
 * nothing to instrument, or already instrumented, comes back as the same array.
 *
 * <p>A rewritten class calls only Pulse's versioned checkpoint ABI ({@code dev.pulse.CheckpointAbi})
 * and is stamped {@code @PulseInstrumented(abi = ...)} with the version it writes. A class stamped
 * with this version is left alone; one stamped with a newer version is left unchanged with a
 * problem that says so (an older Pulse cannot know what the newer calls mean).
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=inserter}
 */
public final class CheckpointInserter {

    static final String ANNOTATION = "Ldev/pulse/PreemptionBudget;";
    /** The checkpoint ABI version this instrumenter writes: {@code dev.pulse.CheckpointAbi.VERSION}. */
    static final int ABI_VERSION = dev.pulse.CheckpointAbi.VERSION;

    static final ClassDesc STAMP_TYPE = ClassDesc.of("dev.pulse.PulseInstrumented");
    static final String STAMP = STAMP_TYPE.descriptorString();
    private static final byte[] ANNOTATION_BYTES = "dev/pulse/PreemptionBudget".getBytes(StandardCharsets.UTF_8);

    private final PackageFilter packages;

    /**
     * Creates an inserter.
     *
     * @param packages classes whose every method gets checkpoints, annotated or not
     */
    public CheckpointInserter(PackageFilter packages) {
        this.packages = packages;
    }

    /**
     * Instruments one class file.
     *
     * @param internalName the class's internal name ({@code com/acme/Loop}), used to match {@code
     *     packages}; {@code null} to read it from the class file
     * @param classFile the class file's bytes
     * @param resolver how to find the supertypes of other classes, for the stack maps
     * @return the bytes to use and what happened
     */
    public InstrumentResult instrument(String internalName, byte[] classFile, ClassHierarchyResolver resolver) {
        return instrument(internalName, classFile, resolver, Set.of());
    }

    /**
     * Instruments one class file, and also the named methods, annotated or not, as {@code
     * @PreemptionBudget} would (adaptive checkpoints, {@code pulse instrument --methods}). A class
     * already stamped with this ABI is still read for these methods; each method already
     * instrumented is left as it is.
     *
     * @param internalName the class's internal name, or {@code null} to read it from the class file
     * @param classFile the class file's bytes
     * @param resolver how to find the supertypes of other classes, for the stack maps
     * @param methods more methods to instrument, each as its name followed by its descriptor
     *     ({@code burn(J)J}); methods the class does not have are ignored
     * @return the bytes to use and what happened
     */
    public InstrumentResult instrument(
            String internalName, byte[] classFile, ClassHierarchyResolver resolver, Set<String> methods) {
        boolean inPackages = internalName != null && packages.matches(internalName);
        if (internalName != null && !inPackages && methods.isEmpty() && !mentionsAnnotation(classFile)) {
            return InstrumentResult.unchanged(classFile); // the common case: no parse at all
        }
        ClassModel model;
        try {
            model = ClassFile.of().parse(classFile);
            model.thisClass().asInternalName(); // parsing is lazy: read the header now
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return InstrumentResult.unreadable(classFile, "not a valid class file (" + e.getMessage() + ")");
        }
        try {
            String name = model.thisClass().asInternalName();
            inPackages = packages.matches(name);
            if (!inPackages && methods.isEmpty() && !mentionsAnnotation(classFile)) {
                return InstrumentResult.unchanged(classFile);
            }
            int stamped = stampedAbi(model);
            if (stamped == ABI_VERSION && methods.isEmpty()) {
                return InstrumentResult.unchanged(classFile); // this Pulse instrumented it already
            }
            if (stamped > ABI_VERSION) {
                return InstrumentResult.failed(
                        classFile,
                        "instrumented for Pulse checkpoint ABI " + stamped + ", newer than this Pulse's ABI "
                                + ABI_VERSION + "; use the Pulse that instrumented it (or a later one)");
            }
            Map<String, BudgetSettings> plan = plan(model, inPackages);
            for (MethodModel method : model.methods()) {
                if (methods.contains(key(method)) && method.code().isPresent()) {
                    plan.putIfAbsent(key(method), BudgetSettings.DEFAULTS);
                }
            }
            if (plan.isEmpty()) {
                return InstrumentResult.unchanged(classFile);
            }
            List<BackEdgeCheckpoints> transforms = new ArrayList<>();
            ClassTransform checkpointed = (builder, element) -> {
                BudgetSettings settings = element instanceof MethodModel m ? plan.get(key(m)) : null;
                if (settings == null) {
                    builder.with(element);
                    return;
                }
                MethodModel method = (MethodModel) element;
                BackEdgeCheckpoints checkpoints =
                        new BackEdgeCheckpoints(settings, method.code().orElseThrow());
                transforms.add(checkpoints);
                builder.transformMethod(method, MethodTransform.transformingCode(checkpoints));
            };
            ClassTransform transform = checkpointed.andThen(new Stamp());
            ClassHierarchyResolver withSelf = self(model).orElse(resolver);
            byte[] out = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(withSelf))
                    .transformClass(model, transform);
            int inserted =
                    transforms.stream().mapToInt(BackEdgeCheckpoints::inserted).sum();
            return inserted == 0 ? InstrumentResult.unchanged(classFile) : new InstrumentResult(out, inserted, null);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            return InstrumentResult.failed(classFile, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The {@code @PulseInstrumented(abi = ...)} on the class, or 0 when there is none. A class
     * instrumented before the ABI had a version has no stamp; its methods are recognised one by
     * one (see {@link BackEdgeCheckpoints}).
     */
    static int stampedAbi(ClassModel model) {
        return model
                .findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(RuntimeVisibleAnnotationsAttribute::annotations)
                .orElse(List.of())
                .stream()
                .filter(a -> a.className().equalsString(STAMP))
                .flatMap(a -> a.elements().stream())
                .filter(e -> e.name().equalsString("abi") && e.value() instanceof AnnotationValue.OfInt)
                .mapToInt(e -> ((AnnotationValue.OfInt) e.value()).intValue())
                .findFirst()
                .orElse(0);
    }

    /**
     * Adds {@code @PulseInstrumented(abi = VERSION)} to the class's visible annotations (a class
     * has at most one such attribute, so an existing one is rewritten with the stamp added).
     */
    private static final class Stamp implements ClassTransform {
        private final List<Annotation> existing = new ArrayList<>();

        @Override
        public void accept(ClassBuilder builder, ClassElement element) {
            if (element instanceof RuntimeVisibleAnnotationsAttribute annotations) {
                // an earlier stamp (a build-time class given more methods) is replaced, not repeated
                annotations.annotations().stream()
                        .filter(a -> !a.className().equalsString(STAMP))
                        .forEach(existing::add);
            } else {
                builder.with(element);
            }
        }

        @Override
        public void atEnd(ClassBuilder builder) {
            List<Annotation> all = new ArrayList<>(existing);
            all.add(Annotation.of(STAMP_TYPE, AnnotationElement.ofInt("abi", ABI_VERSION)));
            builder.with(RuntimeVisibleAnnotationsAttribute.of(all));
        }
    }

    /** A method's name and descriptor, {@code burn(J)J}: how plans and method lists name it. */
    static String key(MethodModel method) {
        return method.methodName().stringValue() + method.methodType().stringValue();
    }

    /** Which methods get checkpoints, with their settings; empty if none. */
    private static Map<String, BudgetSettings> plan(ClassModel model, boolean inPackages) {
        String className = model.thisClass().asInternalName().replace('/', '.');
        BudgetSettings classSettings = settings(model, className).orElse(inPackages ? BudgetSettings.DEFAULTS : null);
        Map<String, BudgetSettings> annotatedByName = new HashMap<>();
        for (MethodModel method : model.methods()) {
            settings(method, className + "." + method.methodName().stringValue())
                    .ifPresent(
                            s -> annotatedByName.putIfAbsent(method.methodName().stringValue(), s));
        }
        Map<String, BudgetSettings> plan = new HashMap<>();
        for (MethodModel method : model.methods()) {
            String name = method.methodName().stringValue();
            if (method.code().isEmpty() || name.equals("<clinit>")) {
                continue;
            }
            BudgetSettings s = settings(method, className + "." + name)
                    .or(() -> Optional.ofNullable(lambdaOwner(method, annotatedByName)))
                    .orElse(classSettings);
            if (s != null) {
                plan.put(key(method), s);
            }
        }
        return plan;
    }

    /** For a lambda body {@code lambda$run$0}, the settings of an annotated method {@code run}. */
    private static BudgetSettings lambdaOwner(MethodModel method, Map<String, BudgetSettings> annotatedByName) {
        AccessFlags flags = method.flags();
        String name = method.methodName().stringValue();
        if (!flags.has(AccessFlag.SYNTHETIC) || !name.startsWith("lambda$")) {
            return null;
        }
        int end = name.indexOf('$', "lambda$".length());
        return end < 0 ? null : annotatedByName.get(name.substring("lambda$".length(), end));
    }

    /** The element's {@code @PreemptionBudget}, validated; throws naming {@code where} if invalid. */
    private static Optional<BudgetSettings> settings(AttributedElement element, String where) {
        List<Annotation> annotations = new ArrayList<>();
        element.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(RuntimeVisibleAnnotationsAttribute::annotations)
                .ifPresent(annotations::addAll);
        element.findAttribute(Attributes.runtimeInvisibleAnnotations())
                .map(RuntimeInvisibleAnnotationsAttribute::annotations)
                .ifPresent(annotations::addAll);
        for (Annotation annotation : annotations) {
            if (annotation.className().equalsString(ANNOTATION)) {
                int units = 1;
                long sliceMicros = 0;
                for (AnnotationElement value : annotation.elements()) {
                    switch (value.name().stringValue()) {
                        case "units" -> units = value.value() instanceof AnnotationValue.OfInt i ? i.intValue() : 0;
                        case "sliceMicros" ->
                            sliceMicros = value.value() instanceof AnnotationValue.OfLong l ? l.longValue() : -1;
                        default -> {} // a newer annotation's element: ignored
                    }
                }
                try {
                    return Optional.of(new BudgetSettings(units, sliceMicros));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("@PreemptionBudget on " + where + ": " + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    /** The class itself, which the stack map computation may need before it is loadable. */
    private static ClassHierarchyResolver self(ClassModel model) {
        ClassDesc self = model.thisClass().asSymbol();
        if (model.flags().has(AccessFlag.INTERFACE)) {
            return ClassHierarchyResolver.of(List.of(self), Map.of());
        }
        ClassDesc superclass = model.superclass().map(c -> c.asSymbol()).orElse(null);
        Map<ClassDesc, ClassDesc> map = new HashMap<>();
        map.put(self, superclass);
        return ClassHierarchyResolver.of(List.of(), map);
    }

    /** Whether the constant pool may name the annotation: a byte search, far cheaper than a parse. */
    static boolean mentionsAnnotation(byte[] classFile) {
        byte first = ANNOTATION_BYTES[0];
        outer:
        for (int i = 0, last = classFile.length - ANNOTATION_BYTES.length; i <= last; i++) {
            if (classFile[i] != first) {
                continue;
            }
            for (int j = 1; j < ANNOTATION_BYTES.length; j++) {
                if (classFile[i + j] != ANNOTATION_BYTES[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
