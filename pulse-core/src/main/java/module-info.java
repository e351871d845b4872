/**
 * Pulse: keeps CPU-bound tasks from starving Java's virtual-thread and executor runtimes.
 *
 * <p>Start at {@link dev.pulse.Pulse}. The module depends on the JDK only: {@code java.management}
 * for the {@code ThreadMXBean} CPU timer and {@code jdk.jfr} for Pulse's flight-recorder events.
 *
 * <p>Two JVM options matter at run time: {@code --add-opens java.base/java.lang=dev.pulse.core}
 * (or {@code =ALL-UNNAMED} on the class path) lets Pulse install its scheduler for virtual threads,
 * and {@code --enable-native-access=dev.pulse.core} lets the CPU timers call the operating system
 * without a warning.
 */
module dev.pulse.core {
    requires transitive java.management;
    requires transitive jdk.jfr;

    // What users program against (docs/ARCHITECTURE.md, "Public surface"); ArchitectureTest
    // holds this list. Everything else (scheduler, budget, tracking) is internal.
    exports dev.pulse;
    exports dev.pulse.hooks;
    exports dev.pulse.metrics;
    exports dev.pulse.tier;
    exports dev.pulse.timing;
    // the event classes are read by JFR only; users stream them by name (dev.pulse.SlowPoll ...)
    exports dev.pulse.jfr to
            jdk.jfr;
}
