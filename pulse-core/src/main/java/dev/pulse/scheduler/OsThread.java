package dev.pulse.scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the operating system says one thread has done with its time: run on a CPU, wait in a run
 * queue for one, or neither (asleep: blocked). The {@link Watchdog} asks it about a carrier whose
 * poll has run long on the wall clock but used little CPU, to tell a carrier blocked in its task
 * (pinned in a class initializer or a native call: a handoff frees a carrier for the queue) from
 * one the OS keeps waiting for a CPU (a replacement would wait for a CPU too, on a machine with
 * none free).
 *
 * <p>Linux only, from the kernel's scheduler statistics, {@code /proc/self/task/TID/schedstat}
 * (time on a CPU and time waiting in a run queue, in nanoseconds, since the thread started); the
 * thread is found through {@code /proc/thread-self}, so {@link #current()} must run on the thread
 * itself. A share of time over a window, not the thread's state at one instant: a carrier that
 * the OS keeps off the CPU is now and then asleep for a moment too (a safepoint, a lock inside the
 * JVM), and one look at that moment would call it blocked. Elsewhere, or where the file cannot be
 * read, {@link #times()} is {@code null} and the watchdog decides as it would without it. A read
 * costs a few microseconds and is made only for polls already long.
 */
final class OsThread {

    private static final OsThread UNKNOWN = new OsThread(null);

    private final Path schedstat;

    private OsThread(Path schedstat) {
        this.schedstat = schedstat;
    }

    /**
     * The calling thread as the OS sees it.
     *
     * @return the calling thread, or one whose times are always unknown off Linux
     */
    static OsThread current() {
        try {
            Path schedstat = Path.of("/proc")
                    .resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")))
                    .resolve("schedstat");
            OsThread thread = new OsThread(schedstat);
            return thread.times() == null ? UNKNOWN : thread;
        } catch (IOException
                | UnsupportedOperationException
                | SecurityException
                | java.nio.file.InvalidPathException e) {
            return UNKNOWN;
        }
    }

    /**
     * The thread's time on a CPU and its time waiting in a run queue, since it started.
     *
     * @return {@code {onCpuNanos, waitingNanos}}, or {@code null} if they cannot be read (also
     *     after the thread has ended)
     */
    long[] times() {
        if (schedstat == null) {
            return null;
        }
        try {
            // "ON_CPU_NS WAITING_NS TIMESLICES"
            String line = new String(Files.readAllBytes(schedstat), StandardCharsets.US_ASCII).trim();
            int first = line.indexOf(' ');
            if (first < 0) {
                return null;
            }
            int second = line.indexOf(' ', first + 1);
            return new long[] {
                Long.parseLong(line.substring(0, first)),
                Long.parseLong(second < 0 ? line.substring(first + 1) : line.substring(first + 1, second))
            };
        } catch (IOException | SecurityException | NumberFormatException e) {
            return null;
        }
    }
}
