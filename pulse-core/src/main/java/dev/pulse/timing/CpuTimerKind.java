package dev.pulse.timing;

import java.util.List;
import java.util.Locale;

/**
 * The CPU timers Pulse knows, and which of them suit an operating system, best first.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=kinds}
 */
public enum CpuTimerKind {
    /** {@link ClockGettimeTimer#linux()}. */
    LINUX_CLOCK_GETTIME,
    /** {@link ClockGettimeTimer#macos()}. */
    MACOS_CLOCK_GETTIME,
    /** {@link WindowsCycleTimer#create()}. */
    WINDOWS_CYCLES,
    /** {@link ThreadMXBeanTimer#create()}. */
    THREAD_MX_BEAN,
    /** {@link WallClockTimer#INSTANCE}: always works, measures wall time. */
    WALL_CLOCK;

    /**
     * The candidates for an operating system, best first; the last is always {@link #WALL_CLOCK}.
     *
     * @param osName the value of the {@code os.name} system property (any case)
     * @return candidates in order of preference
     */
    public static List<CpuTimerKind> candidatesFor(String osName) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return List.of(LINUX_CLOCK_GETTIME, THREAD_MX_BEAN, WALL_CLOCK);
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return List.of(MACOS_CLOCK_GETTIME, THREAD_MX_BEAN, WALL_CLOCK);
        }
        if (os.contains("windows")) {
            return List.of(WINDOWS_CYCLES, THREAD_MX_BEAN, WALL_CLOCK);
        }
        return List.of(THREAD_MX_BEAN, WALL_CLOCK);
    }
}
