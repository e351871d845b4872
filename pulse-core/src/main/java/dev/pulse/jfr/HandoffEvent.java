package dev.pulse.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The watchdog gave a carrier stuck in one poll away and started a replacement.
 *
 * {@snippet class=dev.pulse.snippets.JfrSnippets region=handoff}
 */
@Name("dev.pulse.Handoff")
@Label("Handoff")
@Category("Pulse")
@Description("A carrier stuck in one long poll was handed to its task and a replacement carrier started")
@StackTrace(false)
public final class HandoffEvent extends jdk.jfr.Event {
    /** The runtime's name. */
    @Label("Runtime")
    public String runtime;

    /** The stuck carrier's name. */
    @Label("Carrier")
    public String carrier;

    /** The task's id. */
    @Label("Task Id")
    public long taskId;

    /** The task's name. */
    @Label("Task Name")
    public String taskName;

    /** How long the poll had run. */
    @Label("Poll Time")
    @Timespan(Timespan.NANOSECONDS)
    public long pollNanos;

    /** Extra carriers after this handoff. */
    @Label("Extra Carriers")
    public int extraCarriers;

    /** Creates an event; set the fields, then {@code commit()}. */
    public HandoffEvent() {}
}
