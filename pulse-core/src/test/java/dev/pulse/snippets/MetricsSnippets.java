package dev.pulse.snippets;

import dev.pulse.PulseRuntime;
import dev.pulse.metrics.BusiestTasks;
import dev.pulse.metrics.CarrierCounts;
import dev.pulse.metrics.Interventions;
import dev.pulse.metrics.LogHistogram;
import dev.pulse.metrics.Metric;
import dev.pulse.metrics.PollStats;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.metrics.PulseRuntimeJmx;
import dev.pulse.metrics.SnapshotCache;
import dev.pulse.metrics.TaskSnapshot;
import dev.pulse.metrics.TierCounts;
import dev.pulse.tier.Tier;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Compiled examples for the Javadoc of {@code dev.pulse.metrics}. */
final class MetricsSnippets {
    private MetricsSnippets() {}

    static long histogram() {
        // @start region=histogram
        LogHistogram h = new LogHistogram(); // one writer
        h.record(1_500);
        h.record(40_000);
        long[] merged = new long[LogHistogram.BUCKETS]; // any reader
        h.addTo(merged);
        long p99 = LogHistogram.valueAtQuantile(merged, 0.99); // about 40 µs
        // @end
        return p99;
    }

    static long tasks(PulseRuntime pulse) {
        // @start region=tasks
        for (TaskSnapshot t : pulse.metrics().topTasks()) { // busiest first
            System.out.printf("%-20s %-8s %8d us CPU%n", t.getName(), t.getTier(), t.getCpuNanos() / 1000);
        }
        // @end
        return pulse.metrics().topTasks().size();
    }

    static Object jmx(PulseRuntime pulse) throws Exception {
        // @start region=jmx
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = PulseRuntimeJmx.objectName(pulse.name()); // dev.pulse:type=PulseRuntime,name=...
        Object polls = server.getAttribute(name, "Polls");
        // @end
        return polls;
    }

    static PulseMetrics interval(PulseRuntime pulse) throws InterruptedException {
        // @start region=interval
        PulseMetrics before = pulse.metrics();
        Thread.sleep(1000);
        PulseMetrics lastSecond = pulse.metrics().since(before); // counters and percentiles of that second
        // @end
        return lastSecond;
    }

    static PulseMetrics snapshot(PulseRuntime pulse) {
        // @start region=snapshot
        PulseMetrics m = pulse.metrics();
        System.out.printf(
                "polls=%d slow=%d p99=%d us yields=%d handoffs=%d%n",
                m.polls().count(),
                m.polls().slow(),
                m.polls().p99Nanos() / 1000,
                m.interventions().forcedYields(),
                m.interventions().handoffs());
        // @end
        return m;
    }

    static long polls(PulseRuntime pulse) {
        // @start region=polls
        PollStats polls = pulse.metrics().polls();
        double slowShare = polls.count() == 0 ? 0 : (double) polls.slow() / polls.count();
        System.out.printf("p99 poll %d us, %.1f %% of polls slow%n", polls.p99Nanos() / 1000, 100 * slowShare);
        // @end
        return polls.count();
    }

    static long interventions(PulseRuntime pulse) {
        // @start region=interventions
        Interventions did = pulse.metrics().interventions();
        System.out.println(did.forcedYields() + " forced yields, " + did.handoffs() + " handoffs, " + did.warnings()
                + " warnings");
        // @end
        return did.forcedYields();
    }

    static long tiers(PulseRuntime pulse) {
        // @start region=tiers
        TierCounts tiers = pulse.metrics().tiers();
        System.out.println(tiers.live().get(Tier.ISOLATE) + " of " + tiers.liveTotal() + " tasks isolated now, "
                + tiers.isolations() + " ever");
        // @end
        return tiers.isolations();
    }

    static int carriers(PulseRuntime pulse) {
        // @start region=carriers
        CarrierCounts carriers = pulse.metrics().carriers();
        System.out.println(carriers.total() + " carriers, " + carriers.extra() + " of them added by handoffs");
        // @end
        return carriers.total();
    }

    static java.util.List<TaskSnapshot> busiest(PulseRuntime pulse) {
        // @start region=busiest
        // the three tasks that used the most CPU so far, counting the poll each is in now
        java.util.List<TaskSnapshot> top = BusiestTasks.rank(pulse.tasks(), java.util.Map.of(), 3);
        top.forEach(t -> System.out.println(t.getName() + " " + t.getCpuNanos() / 1_000_000 + " ms"));
        // @end
        return top;
    }

    static PulseMetrics cache(PulseRuntime pulse) {
        // @start region=cache
        SnapshotCache recent = new SnapshotCache(pulse::metrics);
        PulseMetrics first = recent.get();
        PulseMetrics again = recent.get(); // the same object within 100 ms
        // @end
        return first == again ? first : again;
    }

    static void metric(PulseRuntime pulse) {
        // @start region=metric
        PulseMetrics m = pulse.recentMetrics();
        for (Metric metric : Metric.values()) {
            if (!metric.perTier()) { // per-tier ones take a Tier: metric.valueOf(m, tier)
                System.out.println(metric.meterName() + " (JMX " + metric.attribute() + ") = " + metric.valueOf(m));
            }
        }
        // @end
    }
}
