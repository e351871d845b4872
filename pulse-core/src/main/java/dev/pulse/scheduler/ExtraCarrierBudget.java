package dev.pulse.scheduler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime-wide cap on carriers that handoffs add: one budget shared by the main and the
 * isolation pool, so {@code maxExtraCarriers} bounds the extra threads of the whole runtime, not
 * of each pool. Any thread; lock-free.
 *
 * {@snippet :
 * ExtraCarrierBudget extra = new ExtraCarrierBudget(2);
 * if (extra.tryAcquire()) { // a handoff may start a replacement carrier
 *     extra.release();       // when the stuck poll ends
 * }
 * }
 */
final class ExtraCarrierBudget {

    private final int max;

    /** Extra carriers in use; CAS. */
    private final AtomicInteger inUse = new AtomicInteger();

    /**
     * Creates a budget.
     *
     * @param max extra carriers allowed at once; 0 disables handoff
     */
    ExtraCarrierBudget(int max) {
        this.max = max;
    }

    /**
     * Takes one extra carrier, if the cap allows.
     *
     * @return {@code true} if taken; the caller must {@link #release()} it later
     */
    boolean tryAcquire() {
        int n;
        do {
            n = inUse.get();
            if (n >= max) {
                return false;
            }
        } while (!inUse.compareAndSet(n, n + 1));
        return true;
    }

    /** Gives one back. */
    void release() {
        inUse.decrementAndGet();
    }

    /**
     * The cap.
     *
     * @return extra carriers allowed at once
     */
    int max() {
        return max;
    }
}
