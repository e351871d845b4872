/**
 * Internal (not exported): the virtual-thread scheduler. {@link
 * dev.pulse.scheduler.PulseScheduler} is the {@link java.util.concurrent.Executor} the JDK calls
 * once per poll and owns the runtime's parts; a task's poll cycle is its {@code ScheduledTask};
 * carrier pools, the watchdog, the checkpoint fast path ({@link dev.pulse.scheduler.Checkpoints})
 * and {@link dev.pulse.scheduler.VirtualThreadBridge}, the only class that touches JDK internals,
 * complete it. docs/ARCHITECTURE.md follows one poll through these classes.
 */
package dev.pulse.scheduler;
