package dev.pulse.scheduler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;

/**
 * Every access Pulse makes to JDK internals, in one place. When the JDK ships a public scheduler
 * API, only this class changes.
 *
 * <p>Five internals of JDK 21–25's {@code java.lang} are used:
 *
 * <ol>
 *   <li>the package-private constructor {@code ThreadBuilders.VirtualThreadBuilder(Executor)}:
 *       virtual threads built from it run on that executor, and virtual threads they start
 *       inherit it (the JDK's own tests use it);
 *   <li>{@code VirtualThread.runContinuation}, the {@code Runnable} the JDK hands the scheduler
 *       on every poll: Pulse replaces it, before the thread first runs, with the thread's {@link
 *       ScheduledTask}, so each poll reaches Pulse with no lookup and no allocation;
 *   <li>the thread captured by the JDK's original {@code runContinuation} (a method reference),
 *       to know which thread a first submission belongs to;
 *   <li>{@code VirtualThread.state} and its constant {@code YIELDED}, to tell a resubmission that
 *       is a {@code Thread.yield()} from one that is an unpark racing a park ({@link
 *       #hasYielded}). Optional: without it every resubmission counts as the latter, as before
 *       Pulse looked.
 *   <li>{@code Thread.currentCarrierThread()}, to know on which carrier a virtual thread wakes
 *       another ({@link #currentCarrier}): the JDK submits such a wake-up from the virtual thread
 *       itself. Optional: without it such a wake-up counts as one from outside the carriers.
 * </ol>
 *
 * <p>All five need {@code java.lang} opened to Pulse: {@code --add-opens
 * java.base/java.lang=ALL-UNNAMED} on the class path ({@code =dev.pulse.core} on the module
 * path), the Pulse java agent, or {@code Add-Opens: java.base/java.lang} in an executable jar's
 * manifest. {@link #requireAvailable()} names the exact flag when it is missing.
 *
 * {@snippet class=dev.pulse.snippets.SchedulerSnippets region=bridge}
 */
public final class VirtualThreadBridge {

    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static final String BUILDER = "java.lang.ThreadBuilders$VirtualThreadBuilder";

    /**
     * The internals every Pulse runtime needs. {@code runContinuation} is read and written through
     * method handles made once from the reflected field: constants the JIT compiles to a field
     * access, where {@code Field.get} and {@code set} check their arguments on every call of a
     * thread's adoption.
     */
    private static final class Access {
        static final Constructor<?> BUILDER_CONSTRUCTOR;
        static final MethodHandle GET_RUN_CONTINUATION; // (Thread) Runnable
        static final MethodHandle SET_RUN_CONTINUATION; // (Thread, Runnable) void
        static final Class<?> VIRTUAL_THREAD_CLASS;
        static final RuntimeException FAILURE;

        static {
            Constructor<?> ctor = null;
            MethodHandle get = null;
            MethodHandle set = null;
            Class<?> vt = null;
            RuntimeException failure = null;
            try {
                if (!Thread.class.getModule().isOpen("java.lang", VirtualThreadBridge.class.getModule())) {
                    throw new IllegalStateException("java.lang is not open to Pulse");
                }
                vt = Class.forName(VIRTUAL_THREAD);
                ctor = Class.forName(BUILDER).getDeclaredConstructor(Executor.class);
                ctor.setAccessible(true);
                Field rc = vt.getDeclaredField("runContinuation");
                rc.setAccessible(true); // a final field: only an accessible one may be written
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                get = lookup.unreflectGetter(rc).asType(MethodType.methodType(Runnable.class, Thread.class));
                set = lookup.unreflectSetter(rc)
                        .asType(MethodType.methodType(void.class, Thread.class, Runnable.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure = new IllegalStateException(message(e), e);
                ctor = null;
                get = null;
                set = null;
            }
            BUILDER_CONSTRUCTOR = ctor;
            GET_RUN_CONTINUATION = get;
            SET_RUN_CONTINUATION = set;
            VIRTUAL_THREAD_CLASS = vt;
            FAILURE = failure;
        }
    }

    /**
     * {@code VirtualThread.state} and the value it holds after a yield; absent on a JDK without
     * them. A getter adapted to take a {@code Thread}, called exactly: a {@code VarHandle} on
     * {@code VirtualThread} called with a {@code Thread} adapts its type on every call, which
     * cost a yield about 100 ns (yieldLoop, 6 forks).
     */
    private static final class YieldState {
        static final MethodHandle STATE;
        static final int YIELDED;

        static {
            MethodHandle state = null;
            int yielded = Integer.MIN_VALUE;
            if (isAvailable()) {
                try {
                    Class<?> vt = Access.VIRTUAL_THREAD_CLASS;
                    Field constant = vt.getDeclaredField("YIELDED");
                    constant.setAccessible(true);
                    yielded = constant.getInt(null);
                    state = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                            .findGetter(vt, "state", int.class)
                            .asType(MethodType.methodType(int.class, Thread.class));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    state = null; // optional: see hasYielded
                }
            }
            STATE = state;
            YIELDED = yielded;
        }
    }

    /**
     * {@code Thread.currentCarrierThread()}, a static intrinsic: called exactly through a constant
     * handle, the JIT compiles it to a field load. Absent on a JDK without it.
     */
    private static final class CarrierOf {
        static final MethodHandle CURRENT_CARRIER;

        static {
            MethodHandle current = null;
            if (isAvailable()) {
                try {
                    current = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                            .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    current = null; // optional: see currentCarrier
                }
            }
            CURRENT_CARRIER = current;
        }
    }

    /**
     * The field of the JDK's {@code runContinuation} class that holds its thread, as a getter
     * adapted to {@code (Runnable) Thread}; found on the first adoption (the class is the JDK's
     * lambda for a method reference, one per JVM).
     */
    private record CapturedThread(Class<?> lambdaClass, MethodHandle getter) {}

    private static volatile CapturedThread capturedThread;

    private VirtualThreadBridge() {}

    /**
     * The JVM option that opens {@code java.lang} to Pulse, for Pulse's module or the class path.
     *
     * @return for example {@code --add-opens java.base/java.lang=ALL-UNNAMED}
     */
    public static String requiredFlag() {
        Module module = VirtualThreadBridge.class.getModule();
        String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return "--add-opens java.base/java.lang=" + target;
    }

    private static String message(Exception cause) {
        return "Pulse cannot install its virtual-thread scheduler: start the JVM with "
                + requiredFlag()
                + " (or with the Pulse java agent, or put 'Add-Opens: java.base/java.lang' in your"
                + " executable jar's manifest). Cause: " + cause;
    }

    /**
     * Says whether the JDK hook is usable in this JVM.
     *
     * @return {@code true} if Pulse can install its scheduler
     */
    public static boolean isAvailable() {
        return Access.FAILURE == null;
    }

    /**
     * Throws if the JDK hook is not usable, with a message naming the missing JVM option.
     *
     * @throws IllegalStateException if {@code java.lang} is not open to Pulse or the JDK lacks
     *     the hook
     */
    public static void requireAvailable() {
        if (Access.FAILURE != null) {
            throw new IllegalStateException(Access.FAILURE.getMessage(), Access.FAILURE.getCause());
        }
    }

    /**
     * A virtual-thread builder whose threads (and the virtual threads they start) run on {@code
     * scheduler}.
     *
     * @param scheduler called once per poll with the thread's continuation
     * @return a new builder
     * @throws IllegalStateException if the hook is not usable
     */
    public static Thread.Builder.OfVirtual newVirtualThreadBuilder(Executor scheduler) {
        requireAvailable();
        try {
            return (Thread.Builder.OfVirtual) Access.BUILDER_CONSTRUCTOR.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Pulse could not create a virtual-thread builder", e);
        }
    }

    /**
     * The runnable the JDK currently submits for a virtual thread.
     *
     * @param thread a virtual thread
     * @return its {@code runContinuation}; {@code null} if the hook is unusable or {@code thread}
     *     is not virtual
     */
    public static Runnable runContinuation(Thread thread) {
        if (!isAvailable() || !Access.VIRTUAL_THREAD_CLASS.isInstance(thread)) {
            return null;
        }
        try {
            return (Runnable) Access.GET_RUN_CONTINUATION.invokeExact(thread);
        } catch (Throwable e) { // a field getter does not throw
            return null;
        }
    }

    /**
     * Replaces the runnable the JDK submits for a virtual thread. Call it before the thread first
     * runs (on its first submission): from then on the JDK submits {@code replacement}, which
     * must run the original.
     *
     * @param thread a virtual thread that has not run yet
     * @param replacement the runnable to submit from now on
     * @throws IllegalStateException if the hook is not usable
     */
    public static void replaceRunContinuation(Thread thread, Runnable replacement) {
        requireAvailable();
        try {
            Access.SET_RUN_CONTINUATION.invokeExact(thread, replacement);
        } catch (Throwable e) { // a ClassCastException if thread is not virtual
            throw new IllegalStateException("Pulse could not install its task on " + thread, e);
        }
    }

    /**
     * Says whether a virtual thread is unmounted after a {@code Thread.yield()}, waiting to be
     * run again: what the JDK's state says while it submits the thread on its way out of the
     * yield. An unpark that raced the park, the other way a thread resubmits itself, leaves it
     * {@code UNPARKED} instead.
     *
     * @param thread a virtual thread
     * @return {@code true} if it has yielded; {@code false} otherwise, or if this JDK's virtual
     *     threads lack the state Pulse reads
     */
    public static boolean hasYielded(Thread thread) {
        MethodHandle state = YieldState.STATE;
        if (state == null || !Access.VIRTUAL_THREAD_CLASS.isInstance(thread)) {
            return false;
        }
        try {
            return (int) state.invokeExact(thread) == YieldState.YIELDED;
        } catch (Throwable e) { // a field getter does not throw; if it ever does, it is no yield
            return false;
        }
    }

    /**
     * The platform thread the calling code runs on: for a virtual thread its carrier, for a
     * platform thread itself.
     *
     * @return the carrier, or {@link Thread#currentThread()} if this JDK does not say
     */
    public static Thread currentCarrier() {
        MethodHandle current = CarrierOf.CURRENT_CARRIER;
        if (current == null) {
            return Thread.currentThread();
        }
        try {
            return (Thread) current.invokeExact();
        } catch (Throwable e) { // the JDK's method does not throw; if it ever does, say "this thread"
            return Thread.currentThread();
        }
    }

    /**
     * The virtual thread a JDK {@code runContinuation} belongs to.
     *
     * @param runContinuation the runnable the JDK submitted
     * @return its thread
     * @throws IllegalStateException if {@code runContinuation} is not a virtual thread's
     */
    public static Thread threadOf(Runnable runContinuation) {
        requireAvailable();
        CapturedThread captured = capturedThread;
        if (captured == null || captured.lambdaClass() != runContinuation.getClass()) {
            captured = findCapturedThread(runContinuation.getClass());
            capturedThread = captured;
        }
        try {
            return (Thread) captured.getter().invokeExact(runContinuation);
        } catch (Throwable e) { // a field getter of the runnable's own class does not throw
            throw new IllegalStateException("Pulse could not read the thread of " + runContinuation, e);
        }
    }

    private static CapturedThread findCapturedThread(Class<?> lambdaClass) {
        for (Field f : lambdaClass.getDeclaredFields()) {
            if (f.getType() == Access.VIRTUAL_THREAD_CLASS) {
                try {
                    f.setAccessible(true);
                    MethodHandle getter = MethodHandles.lookup()
                            .unreflectGetter(f)
                            .asType(MethodType.methodType(Thread.class, Runnable.class));
                    return new CapturedThread(lambdaClass, getter);
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("Pulse could not read the thread of a " + lambdaClass.getName(), e);
                }
            }
        }
        throw new IllegalStateException(
                "Pulse was handed a task that is not a virtual thread's continuation: " + lambdaClass.getName());
    }
}
