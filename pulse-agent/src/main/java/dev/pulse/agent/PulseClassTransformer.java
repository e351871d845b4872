package dev.pulse.agent;

import java.io.PrintStream;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's class file transformer: hands each application class to a {@link
 * CheckpointInserter} and keeps everything else out of its way.
 *
 * <p>Never touched: JDK classes (boot and platform loaders, {@code java.}, {@code javax.}, {@code
 * jdk.}, {@code sun.}, {@code com.sun.}), Pulse's own classes ({@code dev.pulse.} and below),
 * hidden classes, and classes whose loader cannot see {@code dev.pulse.Pulse} (the inserted
 * call would fail there). A class that asks for checkpoints but cannot be instrumented is
 * loaded exactly as it was, and reported once on standard error.
 *
 * <p>When the class that holds Pulse's one JDK hook is loaded by a class loader other than the
 * one the agent opened {@code java.lang} to at start-up, the transformer opens {@code java.lang}
 * to that loader's module too.
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=transformer}
 */
public final class PulseClassTransformer implements ClassFileTransformer {

    static final String BRIDGE = "dev/pulse/scheduler/VirtualThreadBridge";
    private static final String[] SKIPPED = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/pulse/"};

    private final CheckpointInserter inserter;
    private final AgentOptions options;
    private final Instrumentation instrumentation;
    private final PrintStream out;
    private final Map<ClassLoader, Boolean> seesPulse = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong classes = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    /** Methods adaptive checkpoints added, by class (internal name): name and descriptor. */
    private final Map<String, Set<String>> adaptive = new ConcurrentHashMap<>();

    private final Map<String, String> adaptiveProblems = new ConcurrentHashMap<>();

    /**
     * Creates a transformer.
     *
     * @param options what to instrument and how loudly
     * @param instrumentation the JVM's instrumentation, to open {@code java.lang} to late loaders;
     *     {@code null} not to
     * @param out where reports and verbose lines go
     */
    public PulseClassTransformer(AgentOptions options, Instrumentation instrumentation, PrintStream out) {
        this.options = options;
        this.inserter = new CheckpointInserter(options.packages());
        this.instrumentation = instrumentation;
        this.out = out;
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        try {
            if (className == null || loader == null || loader == ClassLoader.getPlatformClassLoader()) {
                return null;
            }
            if (className.equals(BRIDGE)) {
                openJavaLang(module);
                return null;
            }
            // with adaptive checkpoints this transformer is retransformation-capable: the JVM then
            // hands it the class as loaded, so a retransformation re-applies everything it inserts
            if (skipped(className) || (classBeingRedefined != null && !options.adaptive())) {
                return null;
            }
            Set<String> methods = adaptive.getOrDefault(className, Set.of());
            InstrumentResult result = inserter.instrument(className, classfileBuffer, resolver(loader), methods);
            String problem = result.problem();
            if (problem == null && !result.changed()) {
                if (!methods.isEmpty()) {
                    adaptiveProblems.put(className, "no checkpoint to insert (the method has them already)");
                }
                return null;
            }
            if (problem == null && !seesPulse(loader)) {
                problem = "its class loader " + loader + " cannot see dev.pulse.Pulse";
            }
            if (problem == null && module.isNamed() && !readsPulse(module)) {
                problem = "its module " + module.getName() + " cannot read Pulse's module";
            }
            if (problem != null) {
                if (methods.isEmpty()) {
                    report(className, problem);
                } else { // adaptive checkpoints name the class, once, with what they tried
                    adaptiveProblems.put(className, problem);
                }
                return null;
            }
            if (classBeingRedefined == null) { // a retransformation re-applies what was counted
                classes.incrementAndGet();
                checkpoints.addAndGet(result.checkpoints());
            }
            if (options.verbose()) {
                out.println(
                        "pulse-agent: " + className.replace('/', '.') + ": " + result.checkpoints() + " checkpoints");
            }
            return result.bytes();
        } catch (Throwable t) { // never let the agent break class loading
            if (className != null && adaptive.containsKey(className)) {
                adaptiveProblems.put(className, t.toString());
            } else {
                report(className, t.toString());
            }
            return null;
        }
    }

    /**
     * How many classes this transformer instrumented.
     *
     * @return the count so far
     */
    public long instrumentedClasses() {
        return classes.get();
    }

    /**
     * How many checkpoints this transformer inserted.
     *
     * @return the count so far
     */
    public long insertedCheckpoints() {
        return checkpoints.get();
    }

    /**
     * Adds a method to the ones this transformer instruments in a class, annotated or not, for
     * the next retransformation of that class; clears the class's last adaptive problem.
     *
     * @param internalName the class, {@code com/acme/Hog}
     * @param method the method's name and descriptor, {@code burn(J)J}
     */
    void addAdaptive(String internalName, String method) {
        adaptive.compute(internalName, (k, v) -> {
            Set<String> methods = v == null ? new java.util.HashSet<>() : new java.util.HashSet<>(v);
            methods.add(method);
            return Set.copyOf(methods);
        });
        adaptiveProblems.remove(internalName);
    }

    /**
     * Takes a method back out, after its class could not be retransformed with it.
     *
     * @param internalName the class
     * @param method the method's name and descriptor
     */
    void removeAdaptive(String internalName, String method) {
        adaptive.computeIfPresent(internalName, (k, v) -> {
            Set<String> methods = new java.util.HashSet<>(v);
            methods.remove(method);
            return methods.isEmpty() ? null : Set.copyOf(methods);
        });
    }

    /**
     * Why the last retransformation of a class with adaptive methods left it unchanged.
     *
     * @param internalName the class
     * @return the problem, or {@code null} if there was none
     */
    String adaptiveProblem(String internalName) {
        return adaptiveProblems.get(internalName);
    }

    /**
     * Says whether a class loader can see Pulse, so that inserted calls link.
     *
     * @param loader the loader
     * @return {@code true} if it finds {@code dev.pulse.Pulse}
     */
    boolean seesPulse(ClassLoader loader) {
        return seesPulse.computeIfAbsent(loader, l -> l.getResource("dev/pulse/Pulse.class") != null);
    }

    static boolean skipped(String className) {
        for (String prefix : SKIPPED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void report(String className, String problem) {
        if (reported.add(className)) {
            out.println("pulse-agent: left " + (className == null ? "a class" : className.replace('/', '.'))
                    + " unchanged: " + problem);
        }
    }

    /**
     * The class hierarchy as {@code loader} sees it, for stack maps. Made afresh per class: a
     * cache kept across classes would hold every loader, since the resolver holds its loader.
     */
    private static ClassHierarchyResolver resolver(ClassLoader loader) {
        return ClassHierarchyResolver.ofResourceParsing(loader).cached();
    }

    private boolean readsPulse(Module module) {
        Module pulse = module.getLayer() == null
                ? null
                : module.getLayer().findModule("dev.pulse.core").orElse(null);
        if (pulse == null) {
            return false;
        }
        if (!module.canRead(pulse) && instrumentation != null) {
            instrumentation.redefineModule(module, Set.of(pulse), Map.of(), Map.of(), Set.of(), Map.of());
        }
        return module.canRead(pulse);
    }

    private void openJavaLang(Module module) {
        if (instrumentation != null) {
            JavaLangOpener.open(instrumentation, module);
        }
    }
}
