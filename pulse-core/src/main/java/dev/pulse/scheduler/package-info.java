/**
 * The virtual-thread scheduler: the {@link java.util.concurrent.Executor} the JDK calls once per
 * poll ({@link dev.pulse.scheduler.PulseScheduler}), the carrier pools, the {@link
 * dev.pulse.scheduler.Watchdog} that hands off stuck carriers, the checkpoint fast path ({@link
 * dev.pulse.scheduler.Checkpoints}), and {@link dev.pulse.scheduler.VirtualThreadBridge}, the
 * only class that touches JDK internals.
 */
package dev.pulse.scheduler;
