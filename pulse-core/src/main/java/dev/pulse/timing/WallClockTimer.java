package dev.pulse.timing;

/**
 * The fallback: {@link System#nanoTime()}, which is wall time, not CPU time. It counts time the
 * thread was descheduled or blocked, so CPU figures taken with it are upper bounds; {@link
 * #measuresCpuTime()} says so and reports mark such figures.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=wallclock}
 */
public final class WallClockTimer extends CpuTimer {

    /** The one instance. */
    public static final WallClockTimer INSTANCE = new WallClockTimer();

    private WallClockTimer() {}

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public String name() {
        return "nanoTime-fallback (wall time)";
    }

    @Override
    public boolean measuresCpuTime() {
        return false;
    }
}
