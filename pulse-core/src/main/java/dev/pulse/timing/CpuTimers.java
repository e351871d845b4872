package dev.pulse.timing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses a {@link CpuTimer}. {@link #best()} tries the candidates for this operating system in
 * order, keeps the first that passes a probe, and falls back to {@link WallClockTimer} if none
 * does. It never throws.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=best}
 */
public final class CpuTimers {

    private static final class Best {
        static final CpuTimer TIMER = select(System.getProperty("os.name"), CpuTimers::create);
    }

    private CpuTimers() {}

    /**
     * The best timer for this machine, chosen once per JVM.
     *
     * @return a working timer; {@link WallClockTimer#INSTANCE} if no CPU timer works
     */
    public static CpuTimer best() {
        return Best.TIMER;
    }

    /**
     * Creates a timer of one kind.
     *
     * @param kind the kind
     * @return a new timer (the wall clock's single instance for {@link CpuTimerKind#WALL_CLOCK})
     * @throws UnsupportedOperationException if the timer's function is missing here
     * @throws IllegalArgumentException if the timer's library cannot be loaded (another OS)
     * @throws IllegalCallerException if native access is denied
     */
    public static CpuTimer create(CpuTimerKind kind) {
        return switch (kind) {
            case LINUX_CLOCK_GETTIME -> ClockGettimeTimer.linux();
            case MACOS_CLOCK_GETTIME -> ClockGettimeTimer.macos();
            case WINDOWS_CYCLES -> WindowsCycleTimer.create();
            case THREAD_MX_BEAN -> ThreadMXBeanTimer.create();
            case WALL_CLOCK -> WallClockTimer.INSTANCE;
        };
    }

    /**
     * Every timer that works on this machine, in the order {@link #best()} prefers them, the wall
     * clock last. For reports such as the calibration table.
     *
     * @return the working timers
     */
    public static List<CpuTimer> available() {
        List<CpuTimer> timers = new ArrayList<>();
        for (CpuTimerKind kind : CpuTimerKind.values()) {
            CpuTimer timer = tryCreate(kind, CpuTimers::create);
            if (timer != null) {
                timers.add(timer);
            }
        }
        return timers;
    }

    /**
     * The selection logic of {@link #best()}, with the factory passed in so that it can be tested
     * on any operating system: tries {@link CpuTimerKind#candidatesFor(String)} in order and
     * returns the first timer that is created without an exception and passes {@link
     * #probe(CpuTimer)}.
     *
     * @param osName the operating system's name
     * @param factory creates a timer of a kind; may throw
     * @return the chosen timer; {@link WallClockTimer#INSTANCE} if none passes
     */
    public static CpuTimer select(String osName, Function<CpuTimerKind, CpuTimer> factory) {
        for (CpuTimerKind kind : CpuTimerKind.candidatesFor(osName)) {
            CpuTimer timer = tryCreate(kind, factory);
            if (timer != null) {
                return timer;
            }
        }
        return WallClockTimer.INSTANCE;
    }

    private static CpuTimer tryCreate(CpuTimerKind kind, Function<CpuTimerKind, CpuTimer> factory) {
        try {
            CpuTimer timer = factory.apply(kind);
            return timer != null && probe(timer) ? timer : null;
        } catch (Throwable t) { // NOPMD: a timer that cannot load (any reason) is skipped
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                throw vme;
            }
            return null;
        }
    }

    /**
     * Checks that a timer answers sensibly on the calling thread: two readings, both
     * non-negative, the second not before the first.
     *
     * @param timer the timer to check
     * @return {@code true} if it passes
     */
    public static boolean probe(CpuTimer timer) {
        long first = timer.nowNanos();
        long spin = 0;
        for (int i = 0; i < 10_000; i++) {
            spin += i;
        }
        long second = timer.nowNanos() + (spin & 0);
        return first >= 0 && second >= first;
    }
}
