package dev.pulse.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the operating system says one thread is doing: running or waiting for a CPU, or asleep.
 * The {@link Watchdog} asks it about a carrier whose poll has run long on the wall clock but used
 * little CPU, to tell a carrier blocked in its task (pinned in a class initializer or a native
 * call: a handoff frees a carrier for the queue) from one the OS keeps waiting for a CPU (a
 * replacement would wait for a CPU too, on a machine with none free).
 *
 * <p>Linux only, from {@code /proc/self/task/TID/stat}; the thread is found through {@code
 * /proc/thread-self}, so {@link #current()} must run on the thread itself. Elsewhere, or where
 * {@code /proc} cannot be read, the state is {@link #UNKNOWN_STATE} and the watchdog decides as it
 * would without it. A read costs a few microseconds and is made only for a poll already past
 * {@code handoffAfter}.
 */
final class OsThread {

    /** The state of a thread this class cannot see. */
    static final char UNKNOWN_STATE = '?';

    private static final OsThread UNKNOWN = new OsThread(null);

    private final Path stat;

    private OsThread(Path stat) {
        this.stat = stat;
    }

    /**
     * The calling thread as the OS sees it.
     *
     * @return the calling thread, or one whose state is always unknown off Linux
     */
    static OsThread current() {
        try {
            Path stat = Path.of("/proc")
                    .resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")))
                    .resolve("stat");
            OsThread thread = new OsThread(stat);
            return thread.state() == UNKNOWN_STATE ? UNKNOWN : thread;
        } catch (IOException
                | UnsupportedOperationException
                | SecurityException
                | java.nio.file.InvalidPathException e) {
            return UNKNOWN;
        }
    }

    /**
     * The thread's state letter from the kernel: {@code R} running or waiting for a CPU, {@code S}
     * asleep (blocked), {@code D} in uninterruptible I/O, and so on.
     *
     * @return the letter, or {@link #UNKNOWN_STATE} if it cannot be read (also after the thread ended)
     */
    char state() {
        if (stat == null) {
            return UNKNOWN_STATE;
        }
        try {
            byte[] line = Files.readAllBytes(stat);
            // "TID (name) S ...": the name may hold spaces and parentheses, so look after the last ')'
            for (int i = line.length - 1; i >= 0; i--) {
                if (line[i] == ')') {
                    return i + 2 < line.length ? (char) line[i + 2] : UNKNOWN_STATE;
                }
            }
            return UNKNOWN_STATE;
        } catch (IOException | SecurityException e) {
            return UNKNOWN_STATE;
        }
    }

    /**
     * Whether the OS has the thread running or ready to run (waiting for a CPU).
     *
     * @return {@code true} for state {@code R}; {@code false} for any other or unknown state
     */
    boolean runnable() {
        return state() == 'R';
    }
}
