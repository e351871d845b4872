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
        // each task's numbers are read once: its counters move while carriers run, and a
        // comparator that read them again could order the heap and the list inconsistently
        record Reading(TaskState task, long busy) {}
        PriorityQueue<Reading> busiest = new PriorityQueue<>(Comparator.comparingLong(Reading::busy));
        for (TaskState task : tasks) {
            busiest.add(new Reading(task, task.cpuNanos() + running.getOrDefault(task, 0L)));
            if (busiest.size() > n) {
                busiest.poll();
            }
        }
        List<TaskSnapshot> snapshots = new ArrayList<>(busiest.size());
        for (Reading r : busiest) {
            snapshots.add(new TaskSnapshot(r.task(), running.getOrDefault(r.task(), 0L)));
        }
        // ordered by the numbers the snapshots report (read after the ranking, so they may be a
        // little higher than the ranking's), so "busiest first" holds for what a reader sees
        snapshots.sort(Comparator.comparingLong((TaskSnapshot t) -> t.getCpuNanos() + t.getRunningPollNanos())
                .reversed());
        return snapshots;
    }
}
