package dev.pulse.timing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Thread CPU time on Windows: {@code QueryThreadCycleTime} through the FFM API, converted to
 * nanoseconds with a {@link CycleRate} measured against {@link System#nanoTime()} when the timer
 * is created.
 *
 * <p>Cycle counts are what Windows itself uses for thread accounting; unlike {@code
 * GetThreadTimes} they are not quantised to the 15.6 ms clock tick. The conversion assumes a
 * constant-rate TSC, true of every x86-64 CPU Windows 10+ supports.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=windows}
 */
public final class WindowsCycleTimer extends CpuTimer {

    /** The pseudo-handle {@code GetCurrentThread()} returns: {@code (HANDLE) -2}. */
    static final long CURRENT_THREAD_PSEUDO_HANDLE = -2L;

    private final MethodHandle queryThreadCycleTime;
    private final MemorySegment currentThread = MemorySegment.ofAddress(CURRENT_THREAD_PSEUDO_HANDLE);
    private final ThreadLocal<MemorySegment> cycles =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ValueLayout.JAVA_LONG));
    private final CycleRate rate;

    @SuppressWarnings("restricted") // the downcall; CpuTimers.best() falls back if native access is denied
    private WindowsCycleTimer() {
        SymbolLookup kernel32 = SymbolLookup.libraryLookup("Kernel32", Arena.global());
        MemorySegment symbol = kernel32.find("QueryThreadCycleTime")
                .orElseThrow(() -> new UnsupportedOperationException("QueryThreadCycleTime not found in Kernel32"));
        this.queryThreadCycleTime = Linker.nativeLinker()
                .downcallHandle(
                        symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        this.rate = CycleRate.measure(this::readCycles, System::nanoTime, 20_000_000L);
    }

    /**
     * Creates the timer and measures its cycle rate (about 20 ms of spinning).
     *
     * @return the Windows timer
     * @throws IllegalArgumentException if Kernel32 cannot be loaded (not Windows)
     * @throws IllegalCallerException if native access is denied
     */
    public static WindowsCycleTimer create() {
        return new WindowsCycleTimer();
    }

    private long readCycles() {
        MemorySegment out = cycles.get();
        int ok;
        try {
            ok = (int) queryThreadCycleTime.invokeExact(currentThread, out);
        } catch (Throwable t) {
            throw new IllegalStateException("QueryThreadCycleTime failed", t);
        }
        if (ok == 0) {
            throw new IllegalStateException("QueryThreadCycleTime returned FALSE");
        }
        return out.get(ValueLayout.JAVA_LONG, 0);
    }

    @Override
    public long nowNanos() {
        return rate.toNanos(readCycles());
    }

    /**
     * The measured conversion rate.
     *
     * @return cycles to nanoseconds
     */
    public CycleRate rate() {
        return rate;
    }

    @Override
    public String name() {
        return "windows-QueryThreadCycleTime";
    }

    @Override
    public boolean measuresCpuTime() {
        return true;
    }
}
