package dev.pulse.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A task started a warning episode: its polls ran long. Committed once per episode (rate-limited)
 * by the watchdog, with the task's own stack in {@link #taskStack}.
 *
 * {@snippet class=dev.pulse.snippets.JfrSnippets region=slowpoll}
 */
@Name("dev.pulse.SlowPoll")
@Label("Slow Poll")
@Category("Pulse")
@Description("A task's polls ran past the slow-poll threshold: the start of a warning episode")
@StackTrace(false)
public final class SlowPollEvent extends jdk.jfr.Event {
    /** The runtime's name. */
    @Label("Runtime")
    public String runtime;

    /** The task's id. */
    @Label("Task Id")
    public long taskId;

    /** The task's name. */
    @Label("Task Name")
    public String taskName;

    /** How long the slow poll ran (so far, if still running). */
    @Label("Poll Time")
    @Timespan(Timespan.NANOSECONDS)
    public long pollNanos;

    /**
     * Why the task left MONITOR: {@code LONG_POLL}, {@code SLOW_POLLS}, {@code SLICES_OVERRUN} or
     * {@code HOT_CPU_WINDOW} (a task that yields often but keeps its carrier busy); empty if
     * unknown.
     */
    @Label("Cause")
    public String cause;

    /** The task's tier. */
    @Label("Tier")
    public String tier;

    /** The task's stack when the warning was taken, one frame a line. */
    @Label("Task Stack")
    public String taskStack;

    /** Creates an event; set the fields, then {@code commit()}. */
    public SlowPollEvent() {}
}
