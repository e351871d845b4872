package dev.pulse.timing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Thread CPU time from POSIX {@code clock_gettime} through the FFM API: {@code
 * CLOCK_THREAD_CPUTIME_ID} is 3 on Linux and 16 on macOS.
 *
 * <p>One {@code struct timespec} per thread is kept in a thread-local, so a reading allocates
 * nothing after a thread's first. Needs native access ({@code
 * --enable-native-access=dev.pulse.core}, or {@code ALL-UNNAMED} on the class path); without it
 * the JDK prints a warning, or refuses when {@code --illegal-native-access=deny}, and {@link
 * CpuTimers#best()} moves on to the next timer.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=clockgettime}
 */
public final class ClockGettimeTimer extends CpuTimer {

    /** {@code CLOCK_THREAD_CPUTIME_ID} in Linux's {@code <time.h>}. */
    public static final int LINUX_THREAD_CPUTIME_ID = 3;

    /** {@code CLOCK_THREAD_CPUTIME_ID} in macOS's {@code <time.h>}. */
    public static final int MACOS_THREAD_CPUTIME_ID = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final MethodHandle clockGettime;
    private final int clockId;
    private final String name;
    private final ThreadLocal<MemorySegment> timespec =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    @SuppressWarnings("restricted") // the downcall; CpuTimers.best() falls back if native access is denied
    private ClockGettimeTimer(int clockId, String name) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup()
                .find("clock_gettime")
                .orElseThrow(() -> new UnsupportedOperationException("clock_gettime not found in the C library"));
        this.clockGettime = linker.downcallHandle(
                symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        this.clockId = clockId;
        this.name = name;
    }

    /**
     * The Linux timer.
     *
     * @return a timer reading {@code CLOCK_THREAD_CPUTIME_ID} (3)
     * @throws UnsupportedOperationException if the C library has no {@code clock_gettime}
     * @throws IllegalCallerException if native access is denied
     */
    public static ClockGettimeTimer linux() {
        return new ClockGettimeTimer(LINUX_THREAD_CPUTIME_ID, "linux-clock_gettime");
    }

    /**
     * The macOS timer.
     *
     * @return a timer reading {@code CLOCK_THREAD_CPUTIME_ID} (16)
     * @throws UnsupportedOperationException if the C library has no {@code clock_gettime}
     * @throws IllegalCallerException if native access is denied
     */
    public static ClockGettimeTimer macos() {
        return new ClockGettimeTimer(MACOS_THREAD_CPUTIME_ID, "macos-clock_gettime");
    }

    @Override
    public long nowNanos() {
        MemorySegment ts = timespec.get();
        int rc;
        try {
            rc = (int) clockGettime.invokeExact(clockId, ts);
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("clock_gettime(" + clockId + ") returned " + rc);
        }
        return toNanos(ts.get(ValueLayout.JAVA_LONG, 0), ts.get(ValueLayout.JAVA_LONG, 8));
    }

    /**
     * Converts a {@code struct timespec} to nanoseconds.
     *
     * @param seconds {@code tv_sec}
     * @param nanos {@code tv_nsec}
     * @return {@code seconds * 1e9 + nanos}
     */
    static long toNanos(long seconds, long nanos) {
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /**
     * The clock id this timer reads.
     *
     * @return 3 on Linux, 16 on macOS
     */
    public int clockId() {
        return clockId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean measuresCpuTime() {
        return true;
    }
}
