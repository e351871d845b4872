package dev.pulse.jetty;

import dev.pulse.PulseRuntime;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs a Jetty 12 server's request handling on a {@link PulseRuntime}, the way Jetty runs it on
 * the JDK's virtual threads: a {@link QueuedThreadPool} keeps its platform threads for the
 * selectors, the acceptors and the reserved threads, and hands every task that may block (a
 * request handler, a servlet) to its virtual-threads executor, which here starts a Pulse virtual
 * thread per task. So Jetty's own machinery never waits behind a CPU-bound handler, and a
 * CPU-bound handler never starves the others: Pulse forces it to yield at its checkpoints or hands
 * its carrier off.
 *
 * <p>This is Jetty's {@code threadpool-virtual} set-up, not its all-virtual {@code
 * VirtualThreadPool}: with the latter the selectors would run on virtual threads too, and a
 * selector is exactly what must not share a carrier with a hog.
 *
 * {@snippet class=dev.pulse.jetty.snippets.JettySnippets region=server}
 *
 * <p>Stop the server before closing the runtime: a task Jetty hands over after the runtime has
 * closed is refused, like any task given to a closed executor.
 *
 * <p>An existing pool (say one set up from Jetty XML) is moved onto Pulse with {@link
 * #runOn(VirtualThreads.Configurable, PulseRuntime, String)}:
 *
 * {@snippet class=dev.pulse.jetty.snippets.JettySnippets region=existing}
 */
public final class PulseJetty {

    /** The name prefix of the request threads when none is given: {@value}. */
    public static final String DEFAULT_NAME_PREFIX = "jetty-pulse-";

    private PulseJetty() {}

    /**
     * A new Jetty thread pool whose request handling runs on {@code pulse}, with Jetty's default
     * sizes for its platform threads; threads are named {@value #DEFAULT_NAME_PREFIX}0, 1, ...
     *
     * @param pulse the runtime to run request handling on
     * @return a pool to give to {@code new Server(pool)}
     */
    public static QueuedThreadPool threadPool(PulseRuntime pulse) {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("jetty-platform");
        runOn(pool, pulse, DEFAULT_NAME_PREFIX);
        return pool;
    }

    /**
     * Makes an existing pool run its blocking tasks on {@code pulse}. Call it before the server
     * starts.
     *
     * @param pool a Jetty pool that supports virtual threads, such as a {@link QueuedThreadPool}
     * @param pulse the runtime to run request handling on
     * @param namePrefix the request threads' name prefix; a counter follows it
     * @return the pool
     * @param <P> the pool's type
     * @throws IllegalArgumentException if {@code namePrefix} is blank
     */
    public static <P extends VirtualThreads.Configurable> P runOn(P pool, PulseRuntime pulse, String namePrefix) {
        Objects.requireNonNull(pool, "pool");
        pool.setVirtualThreadsExecutor(executor(pulse, namePrefix));
        return pool;
    }

    /**
     * An executor that starts one named Pulse virtual thread per task, for any Jetty component
     * that takes a virtual-threads executor.
     *
     * @param pulse the runtime
     * @param namePrefix the threads' name prefix; a counter follows it
     * @return the executor
     * @throws IllegalArgumentException if {@code namePrefix} is blank
     */
    public static Executor executor(PulseRuntime pulse, String namePrefix) {
        Objects.requireNonNull(pulse, "pulse");
        Objects.requireNonNull(namePrefix, "namePrefix");
        if (namePrefix.isBlank()) {
            throw new IllegalArgumentException("Pulse Jetty thread name prefix must not be blank");
        }
        ThreadFactory threads = pulse.ofVirtual().name(namePrefix, 0).factory();
        return new PulseExecutor(threads, namePrefix);
    }

    /** Starts a thread per task; named so that Jetty's dump says where request handling runs. */
    private record PulseExecutor(ThreadFactory threads, String namePrefix) implements Executor {
        @Override
        public void execute(Runnable task) {
            threads.newThread(task).start();
        }

        @Override
        public String toString() {
            return "Pulse virtual threads " + namePrefix + "*";
        }
    }
}
