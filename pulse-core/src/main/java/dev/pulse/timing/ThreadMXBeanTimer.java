package dev.pulse.timing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread CPU time from {@link ThreadMXBean#getCurrentThreadCpuTime()}: portable, slower than the
 * FFM timers, and {@code -1} on a virtual thread.
 *
 * {@snippet class=dev.pulse.snippets.TimingSnippets region=mxbean}
 */
public final class ThreadMXBeanTimer extends CpuTimer {

    private final ThreadMXBean bean;

    private ThreadMXBeanTimer(ThreadMXBean bean) {
        this.bean = bean;
    }

    /**
     * Creates the timer, enabling thread CPU time measurement if the JVM supports it.
     *
     * @return the timer
     * @throws UnsupportedOperationException if this JVM cannot measure the current thread's CPU
     *     time
     */
    public static ThreadMXBeanTimer create() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) {
            throw new UnsupportedOperationException("this JVM cannot measure the current thread's CPU time");
        }
        if (!bean.isThreadCpuTimeEnabled()) {
            bean.setThreadCpuTimeEnabled(true);
        }
        return new ThreadMXBeanTimer(bean);
    }

    @Override
    public long nowNanos() {
        return bean.getCurrentThreadCpuTime();
    }

    @Override
    public String name() {
        return "ThreadMXBean";
    }

    @Override
    public boolean measuresCpuTime() {
        return true;
    }
}
