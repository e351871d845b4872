package dev.pulse.timing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link CpuTimer} that keeps working when the timer it wraps fails: on the first failure it
 * reports the failure once and answers with the wall clock from then on, for good (a timer that
 * failed once, such as a native call that lost its library, is not trusted again). Pulse wraps
 * every runtime's timer in one, so a timer that throws mid-run never reaches a carrier. Any
 * thread.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=fallback}
 */
public final class FallbackCpuTimer extends CpuTimer {

    private final CpuTimer primary;
    private final Consumer<Throwable> onFailure;
    private final AtomicBoolean failed = new AtomicBoolean();

    /**
     * Wraps a timer.
     *
     * @param primary the timer to use while it works
     * @param onFailure told of the first failure, once, on the thread that met it
     */
    public FallbackCpuTimer(CpuTimer primary, Consumer<Throwable> onFailure) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    @Override
    public long nowNanos() {
        if (!failed.get()) {
            try {
                return primary.nowNanos();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                if (failed.compareAndSet(false, true)) {
                    onFailure.accept(e);
                }
            }
        }
        return WallClockTimer.INSTANCE.nowNanos();
    }

    @Override
    public String name() {
        return failed.get()
                ? WallClockTimer.INSTANCE.name() + " (after " + primary.name() + " failed)"
                : primary.name();
    }

    @Override
    public boolean measuresCpuTime() {
        return !failed.get() && primary.measuresCpuTime();
    }

    /**
     * Says whether the wrapped timer has failed and the wall clock answers instead.
     *
     * @return {@code true} after the first failure
     */
    public boolean hasFallenBack() {
        return failed.get();
    }
}
