package dev.pulse.metrics;

import dev.pulse.tier.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The busiest-tasks ranking of {@link PulseMetrics#topTasks()}: live tasks ranked by attributed
 * CPU plus the CPU of the poll each is in now, so a task stuck in one long poll (whose CPU is
 * attributed only when the poll ends) ranks by what it is doing. A bounded heap: {@code O(tasks ×
 * log n)} time, {@code O(n)} memory, whatever the number of tasks.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=busiest}
 */
public final class BusiestTasks {

    private BusiestTasks() {}

    /**
     * Ranks {@code tasks}.
     *
     * @param tasks the live tasks (a weakly consistent view is fine)
     * @param running CPU nanoseconds of the poll in progress, for the tasks running now
     * @param n how many to keep
     * @return at most {@code n} snapshots, busiest first
     */
    public static List<TaskSnapshot> rank(
            Iterable<? extends TaskState> tasks, Map<? extends TaskState, Long> running, int n) {
        Comparator<TaskState> busy = Comparator.comparingLong(t -> t.cpuNanos() + running.getOrDefault(t, 0L));
        PriorityQueue<TaskState> busiest = new PriorityQueue<>(busy);
        for (TaskState task : tasks) {
            busiest.add(task);
            if (busiest.size() > n) {
                busiest.poll();
            }
        }
        List<TaskState> top = new ArrayList<>(busiest);
        top.sort(busy.reversed());
        List<TaskSnapshot> snapshots = new ArrayList<>(top.size());
        for (TaskState task : top) {
            snapshots.add(new TaskSnapshot(task, running.getOrDefault(task, 0L)));
        }
        return snapshots;
    }
}
