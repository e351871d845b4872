package example.app;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.metrics.PulseMetrics;
import example.hogs.PlainWork;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.management.ManagementFactory;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;
import jdk.jfr.consumer.RecordingStream;

/**
 * The adaptive-checkpoint modes of the agent's integration tests, in a child JVM: {@code
 * key=value} lines out. Read the agent's state over the platform MBean server, as {@code pulse top}
 * would.
 *
 * <ul>
 *   <li>{@code jobs}: 3 clients on 2 carriers, each running one {@link PlainWork#job} after another
 *       as a new virtual thread (a request each); once the agent names a method (or after 3 s
 *       without one) the counters of a further 2 s are printed.
 *   <li>{@code huge}: a plain hog whose method is too large to take checkpoints; the agent must
 *       leave it as it was while the application runs on.
 *   <li>{@code rate}: two plain hogs of two methods, for {@code adaptive-max-per-minute=1}.
 * </ul>
 */
final class AdaptiveApp {

    private static final String MBEAN = "dev.pulse:type=AdaptiveCheckpoints";

    private AdaptiveApp() {}

    static void jobs() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder jobs = new LongAdder();
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RecordingStream recording = new RecordingStream();
                PulseRuntime pulse =
                        Pulse.builder().name("adaptive-app").carriers(2).build()) {
            recording.enable("dev.pulse.AdaptiveCheckpoint");
            recording.onEvent(
                    "dev.pulse.AdaptiveCheckpoint",
                    e -> events.add(e.getString("className") + "#" + e.getString("method") + " " + e.getString("why")
                            + " " + e.getString("task")));
            recording.startAsync();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(Thread.ofPlatform().daemon().start(() -> {
                    while (!stop.get()) {
                        Thread job = pulse.ofVirtual().start(() -> PlainWork.job(40));
                        try {
                            job.join();
                        } catch (InterruptedException e) {
                            return;
                        }
                        jobs.increment();
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            List<String> methods = methods();
            while (methods.isEmpty() && System.nanoTime() < deadline && (mbean() || jobs.sum() < 60)) {
                Thread.sleep(50);
                methods = methods();
            }
            Thread.sleep(500); // the jobs running the old code end
            PulseMetrics before = pulse.metrics();
            long jobsBefore = jobs.sum();
            Thread.sleep(2_000);
            PulseMetrics after = pulse.metrics();
            long jobsAfter = jobs.sum();
            stop.set(true);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(10));
            }
            System.out.println("methods=" + String.join(";", methods()));
            System.out.println("events=" + String.join(";", events));
            System.out.println("phaseJobs=" + (jobsAfter - jobsBefore));
            System.out.println("phaseHandoffs="
                    + (after.interventions().handoffs() - before.interventions().handoffs()));
            System.out.println("phaseForcedYields="
                    + (after.interventions().forcedYields()
                            - before.interventions().forcedYields()));
        }
    }

    /**
     * Two plain hogs of two different methods, the second started 1.5 s after the first (the
     * watchdog warns at most once a second); run with {@code adaptive-max-per-minute=1}.
     */
    static void rate() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (PulseRuntime pulse = Pulse.builder().name("rate-app").carriers(2).build()) {
            Thread first = pulse.ofVirtual().start(() -> example.adaptive.HotShapes.spin(stop));
            Thread.sleep(1_500);
            Thread second = pulse.ofVirtual().start(() -> example.adaptive.HotShapes.stepLoop(stop));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (rateLimited() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            first.join(Duration.ofSeconds(10));
            second.join(Duration.ofSeconds(10));
            System.out.println("methods=" + String.join(";", methods()));
            System.out.println("rateLimited=" + rateLimited());
        }
    }

    static void huge() throws Exception {
        Class<?> hog = new GeneratedLoader(AdaptiveApp.class.getClassLoader(), "example.gen.Huge", hugeClass())
                .loadClass("example.gen.Huge");
        Method spin = hog.getMethod("spin", AtomicBoolean.class);
        AtomicBoolean stop = new AtomicBoolean();
        try (PulseRuntime pulse = Pulse.builder().name("huge-app").carriers(2).build()) {
            List<Thread> hogs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                hogs.add(pulse.ofVirtual().start(() -> {
                    try {
                        spin.invoke(null, stop);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (failures() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int ran = 0;
            for (int i = 0; i < 20; i++) { // the application runs on: handoff frees the carriers
                CountDownLatch done = new CountDownLatch(1);
                pulse.ofVirtual().start(done::countDown);
                if (done.await(5, TimeUnit.SECONDS)) {
                    ran++;
                }
            }
            stop.set(true);
            for (Thread t : hogs) {
                t.join(Duration.ofSeconds(10));
            }
            System.out.println("failures=" + failures());
            System.out.println("methods=" + String.join(";", methods()));
            System.out.println("lightRan=" + ran);
            System.out.println("handoffs=" + pulse.metrics().interventions().handoffs());
        }
    }

    /**
     * {@code example.gen.Huge.spin(AtomicBoolean)}: 65,520 no-ops, then a plain loop. 65,528 bytes
     * of code, so the 12 bytes of checkpoints would pass the class file's 65,535-byte limit.
     */
    private static byte[] hugeClass() {
        ClassDesc atomic = ClassDesc.of("java.util.concurrent.atomic.AtomicBoolean");
        return ClassFile.of()
                .build(
                        ClassDesc.of("example.gen.Huge"),
                        cb -> cb.withFlags(AccessFlag.PUBLIC)
                                .withMethodBody(
                                        "spin",
                                        MethodTypeDesc.of(ConstantDescs.CD_void, atomic),
                                        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                                        code -> {
                                            for (int i = 0; i < 65_520; i++) {
                                                code.nop();
                                            }
                                            var top = code.newBoundLabel();
                                            code.aload(0);
                                            code.invokevirtual(
                                                    atomic, "get", MethodTypeDesc.of(ConstantDescs.CD_boolean));
                                            code.ifeq(top);
                                            code.return_();
                                        }));
    }

    private static boolean mbean() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(MBEAN));
    }

    @SuppressWarnings("unchecked")
    private static List<String> methods() throws Exception {
        if (!mbean()) {
            return List.of();
        }
        Object value = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(MBEAN), "Methods");
        return value instanceof String[] array ? List.of(array) : (List<String>) value;
    }

    private static long rateLimited() throws Exception {
        return mbean()
                ? (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(MBEAN), "RateLimited")
                : 0;
    }

    private static long failures() throws Exception {
        if (!mbean()) {
            return 0;
        }
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(MBEAN), "Failures");
    }
}
