package dev.pulse.agent;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The Pulse java agent: {@code java -javaagent:pulse-agent.jar[=options] ...}, or loaded into a
 * running JVM through the Attach API. It opens {@code java.lang} to Pulse (no {@code --add-opens}
 * needed) and inserts checkpoints into {@code @PreemptionBudget} code as classes load (see {@link
 * AgentOptions} for the options, {@link PulseClassTransformer} for what is never touched).
 *
 * <p>{@code premain} and {@code agentmain} share one installer, which installs at most once per
 * JVM: a second call returns the transformer already installed. Classes loaded before a late
 * attach are not instrumented. A bad option prints one line naming it and the allowed forms, and
 * the application runs uninstrumented ({@code java.lang} is still opened).
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=agent}
 */
public final class PulseAgent {

    private static Instrumentation installedOn;
    private static PulseClassTransformer installed;
    private static AdaptiveCheckpoints adaptive;

    private PulseAgent() {}

    /**
     * Entry point for {@code -javaagent}.
     *
     * @param args the options after {@code =}, or {@code null}
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation instrumentation) {
        install(args, instrumentation, System.err);
    }

    /**
     * Entry point for a late attach.
     *
     * @param args the options, or {@code null}
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation instrumentation) {
        install(args, instrumentation, System.err);
    }

    /**
     * Installs the agent once: opens {@code java.lang} to Pulse and adds the transformer. Never
     * throws for bad options: it prints one line to {@code out} and installs no transformer.
     *
     * @param args the options, or {@code null}
     * @param instrumentation the JVM's instrumentation
     * @param out where the agent's reports go
     * @return the transformer now installed, or {@code null} if the options were bad
     */
    public static synchronized PulseClassTransformer install(
            String args, Instrumentation instrumentation, PrintStream out) {
        if (installed != null) {
            return installed;
        }
        try {
            JavaLangOpener.openAtStartup(instrumentation);
        } catch (RuntimeException e) {
            out.println("pulse-agent: could not open java.lang to Pulse (" + e
                    + "); run with --add-opens java.base/java.lang=ALL-UNNAMED");
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("pulse-agent: " + e.getMessage() + "; the application runs uninstrumented");
            return null;
        } catch (RuntimeException e) { // never out of premain: an exception there aborts the JVM
            out.println("pulse-agent: could not read the options (" + AgentOptions.oneLine(String.valueOf(e))
                    + "); the application runs uninstrumented");
            return null;
        }
        if (options.adaptive() && !instrumentation.isRetransformClassesSupported()) {
            out.println("pulse-agent: adaptive=true needs an agent jar whose manifest says"
                    + " Can-Retransform-Classes: true; adaptive checkpoints are off, handoff still covers long polls");
            options = options.withoutAdaptive();
        }
        PulseClassTransformer transformer = new PulseClassTransformer(options, instrumentation, out);
        instrumentation.addTransformer(transformer, options.adaptive());
        installedOn = instrumentation;
        installed = transformer;
        if (options.adaptive()) {
            adaptive = new AdaptiveCheckpoints(options, instrumentation, transformer, out);
            adaptive.start();
        }
        return transformer;
    }

    /**
     * Removes the installed transformer, if any, and stops adaptive checkpoints; classes already
     * loaded keep their checkpoints.
     * After this, {@link #install} installs afresh. For tests.
     *
     * @return {@code true} if a transformer was removed
     */
    public static synchronized boolean uninstall() {
        if (installed == null) {
            return false;
        }
        if (adaptive != null) {
            adaptive.close();
            adaptive = null;
        }
        boolean removed = installedOn.removeTransformer(installed);
        installed = null;
        installedOn = null;
        return removed;
    }
}
