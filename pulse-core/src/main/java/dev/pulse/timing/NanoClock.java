package dev.pulse.timing;

/**
 * A monotonic nanosecond clock, injected wherever Pulse reads time so that tests can drive tier
 * promotion, slices and the watchdog with a fake clock instead of sleeps.
 *
 * <p>Implementations must be safe to call from any thread and never go backwards.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=nanoclock}
 */
@FunctionalInterface
public interface NanoClock {

    /**
     * Reads the clock.
     *
     * @return nanoseconds on an arbitrary but fixed origin, like {@link System#nanoTime()}
     */
    long nanoTime();

    /**
     * The system clock, {@link System#nanoTime()}.
     *
     * @return a clock that reads {@link System#nanoTime()}
     */
    static NanoClock system() {
        return System::nanoTime;
    }
}
