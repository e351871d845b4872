package dev.pulse.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Pulse made a task yield at a checkpoint. Disabled by default: a hog yields every slice.
 *
 * {@snippet class=dev.pulse.snippets.JfrSnippets region=forcedyield}
 */
@Name("dev.pulse.ForcedYield")
@Label("Forced Yield")
@Category("Pulse")
@Description("A task yielded at a checkpoint because its slice ended")
@Enabled(false)
@StackTrace(false)
public final class ForcedYieldEvent extends jdk.jfr.Event {
    /** The task's id. */
    @Label("Task Id")
    public long taskId;

    /** The task's tier. */
    @Label("Tier")
    public String tier;

    /** Creates an event; set the fields, then {@code commit()}. */
    public ForcedYieldEvent() {}
}
