package dev.pulse.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code java.lang} to Pulse through {@link Instrumentation#redefineModule}, so that a user
 * of the agent needs no {@code --add-opens java.base/java.lang=...}: Pulse's scheduler reaches
 * one JDK-internal hook there (see {@code VirtualThreadBridge} in pulse-core).
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=opener}
 */
public final class JavaLangOpener {

    private JavaLangOpener() {}

    /**
     * Opens {@code java.lang} to the modules Pulse can be in at start-up: the class path (the
     * system class loader's unnamed module) and {@code dev.pulse.core} on the module path.
     *
     * @param instrumentation the JVM's instrumentation
     */
    public static void openAtStartup(Instrumentation instrumentation) {
        open(instrumentation, ClassLoader.getSystemClassLoader().getUnnamedModule());
        ModuleLayer.boot().findModule("dev.pulse.core").ifPresent(m -> open(instrumentation, m));
    }

    /**
     * Opens {@code java.lang} to one module.
     *
     * @param instrumentation the JVM's instrumentation
     * @param module the module that holds Pulse's classes
     */
    public static void open(Instrumentation instrumentation, Module module) {
        Module javaBase = Object.class.getModule();
        if (!javaBase.isOpen("java.lang", module)) {
            instrumentation.redefineModule(
                    javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(module)), Set.of(), Map.of());
        }
    }
}
