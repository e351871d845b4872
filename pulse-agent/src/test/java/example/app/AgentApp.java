package example.app;

import com.sun.tools.attach.VirtualMachine;
import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import example.hogs.SpinHogs;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An application for the agent's integration tests, run in a child JVM with or without {@code
 * -javaagent} and never with {@code --add-opens}. It prints {@code key=value} lines for the test to
 * read. Modes:
 *
 * <ul>
 *   <li>{@code starve}: 4 annotated hogs on 2 carriers with handoff off, and 20 light tasks: only
 *       the agent's checkpoints can free a carrier.
 *   <li>{@code probe}: whether {@link SpinHogs#annotated} got checkpoints: its budget runs out.
 *   <li>{@code attach}: attaches the agent to itself twice, probes a class loaded afterwards,
 *       removes the transformer, probes another class.
 *   <li>{@code bad-budget}: loads a class whose annotation is out of range, twice, and runs it.
 *   <li>{@code adaptive-jobs}, {@code adaptive-huge}: see {@link AdaptiveApp}.
 * </ul>
 *
 * <p>Exit status 3 when Pulse cannot start (for example {@code java.lang} not open).
 */
public final class AgentApp {

    private AgentApp() {}

    /**
     * Runs one mode.
     *
     * @param args the mode
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "starve" -> starve();
                case "probe" -> System.out.println("budgetExhaustions=" + probe(SpinHogs.class));
                case "attach" -> attach();
                case "bad-budget" -> badBudget();
                case "adaptive-jobs" -> AdaptiveApp.jobs();
                case "adaptive-huge" -> AdaptiveApp.huge();
                case "adaptive-rate" -> AdaptiveApp.rate();
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (IllegalStateException e) {
            System.out.println("pulseUnavailable=" + e.getMessage());
            System.exit(3);
        }
    }

    private static void starve() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (PulseRuntime pulse = Pulse.builder()
                .name("agent-app")
                .carriers(2)
                .maxExtraCarriers(0) // no handoff: checkpoints are all there is
                .build()) {
            List<Thread> hogs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hogs.add(pulse.ofVirtual().start(() -> SpinHogs.annotated(stop)));
            }
            Thread.sleep(200);
            int ran = 0;
            long maxMillis = 0;
            for (int i = 0; i < 20; i++) {
                CountDownLatch done = new CountDownLatch(1);
                long start = System.nanoTime();
                pulse.ofVirtual().start(done::countDown);
                if (done.await(5, TimeUnit.SECONDS)) {
                    ran++;
                    maxMillis = Math.max(maxMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                } else {
                    break;
                }
            }
            PulseMetrics m = pulse.metrics();
            stop.set(true);
            for (Thread t : hogs) {
                t.join(Duration.ofSeconds(10));
            }
            System.out.println("lightRan=" + ran);
            System.out.println("lightMaxMillis=" + maxMillis);
            System.out.println("forcedYields=" + m.interventions().forcedYields());
            System.out.println("handoffs=" + m.interventions().handoffs());
        }
    }

    /** Runs {@code hogs}' annotated method alone for 200 ms; returns the budget exhaustions. */
    private static long probe(Class<?> hogs) throws Exception {
        Method annotated = hogs.getMethod("annotated", AtomicBoolean.class);
        AtomicBoolean stop = new AtomicBoolean();
        try (PulseRuntime pulse =
                Pulse.builder().name("probe").carriers(1).budgetUnits(1_000).build()) {
            Thread hog = pulse.ofVirtual().start(() -> {
                try {
                    annotated.invoke(null, stop);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            stop.set(true);
            hog.join(Duration.ofSeconds(10));
            return pulse.metrics().interventions().budgetExhaustions();
        }
    }

    private static void attach() throws Exception {
        String jar = System.getProperty("pulse.agent.jar");
        VirtualMachine vm =
                VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(jar, "verbose=true");
            vm.loadAgent(jar, "verbose=true"); // idempotent: still one transformer
        } finally {
            vm.detach();
        }
        System.out.println("afterAttach=" + probe(freshCopy("example.app.LateHog")));
        Class<?> agent = Class.forName("dev.pulse.agent.PulseAgent");
        System.out.println("uninstalled=" + agent.getMethod("uninstall").invoke(null));
        System.out.println("uninstalledAgain=" + agent.getMethod("uninstall").invoke(null));
        System.out.println("afterUninstall=" + probe(freshCopy("example.app.LateHog")));
    }

    /** The class {@code name}, defined anew by a loader of its own: loaded now, through the agent as it is now. */
    private static Class<?> freshCopy(String name) throws ClassNotFoundException {
        return new ChildFirstLoader(
                        AgentApp.class.getProtectionDomain().getCodeSource().getLocation(),
                        AgentApp.class.getClassLoader(),
                        name::equals)
                .loadClass(name);
    }

    private static void badBudget() throws Exception {
        for (int i = 0; i < 2; i++) {
            Class<?> bad = freshCopy("example.hogs.BadBudget");
            System.out.println("count=" + bad.getMethod("count", int.class).invoke(null, 1_000));
        }
    }
}
