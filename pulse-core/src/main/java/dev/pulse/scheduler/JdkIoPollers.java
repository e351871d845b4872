package dev.pulse.scheduler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the JDK start its I/O poller threads on the JDK's own scheduler, once per JVM, before a
 * Pulse runtime can become their scheduler.
 *
 * <p>Why: the JDK starts the virtual threads that poll sockets for all virtual threads (JDK 25:
 * {@code SubPoller-0}, ... in {@code sun.nio.ch.Poller}) lazily, from the first virtual thread that
 * blocks on I/O, and a virtual thread started that way runs on its starter's scheduler. If the
 * first is a Pulse thread, the JVM's I/O pollers become Pulse tasks: counted as live tasks, and
 * never resumed once that runtime closes, after which no virtual thread of the JVM gets its
 * socket I/O done. So the first Pulse runtime has a virtual thread of the JDK's scheduler, started
 * from a platform thread, block once on a pipe: the pollers start there, and stay there.
 *
 * <p>Best effort: if it cannot (another poller mode, no pipes), nothing changes and nothing is
 * said; the wait is at most a second, on the thread that builds the first runtime.
 *
 * {@snippet :
 * JdkIoPollers.startOnTheJdkScheduler(); // what PulseScheduler's constructor does first
 * }
 */
final class JdkIoPollers {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private JdkIoPollers() {}

    /** Starts the JDK's pollers on its own scheduler if no one has yet. Any thread; idempotent. */
    static void startOnTheJdkScheduler() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        // a platform thread: a virtual thread started from a Pulse thread would be a Pulse thread
        Thread starter =
                Thread.ofPlatform().daemon().name("pulse-jdk-io-pollers").start(JdkIoPollers::blockOnceOnAPipe);
        try {
            starter.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void blockOnceOnAPipe() {
        try {
            Pipe pipe = Pipe.open();
            try (Pipe.SourceChannel source = pipe.source();
                    Pipe.SinkChannel sink = pipe.sink()) {
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        source.read(ByteBuffer.allocate(1)); // parks in the JDK's poller: it starts
                    } catch (IOException e) {
                        // best effort
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                sink.write(ByteBuffer.wrap(new byte[] {1}));
                reader.join(500);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: without it, the pollers may start on a Pulse runtime (see the class comment)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
