package dev.pulse.spring;

import dev.pulse.PulseRuntime;
import dev.pulse.metrics.Metric;
import dev.pulse.metrics.PulseMetrics;
import dev.pulse.metrics.TaskSnapshot;
import dev.pulse.tier.Tier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code pulse}: one snapshot of the runtime, as JSON. Every number comes
 * from {@link Metric}, under its JMX attribute name, so the endpoint, JMX, Micrometer and {@code
 * pulse top} say the same thing.
 *
 * {@snippet lang=json :
 * {"runtime": "spring", "enabled": true,
 *  "tiers": {"MONITOR": 12, "WARN": 0, "YIELD": 1, "ISOLATE": 0},
 *  "counters": {"Polls": 81234, "ForcedYields": 310, "Handoffs": 4, ...},
 *  "busiestTasks": [{"name": "tomcat-pulse-17", "tier": "YIELD", "cpuMillis": 912, ...}]}
 * }
 */
@Endpoint(id = "pulse")
public class PulseEndpoint {
    private final PulseRuntime pulse;

    /**
     * Creates the endpoint.
     *
     * @param pulse the runtime it reports on
     */
    public PulseEndpoint(PulseRuntime pulse) {
        this.pulse = pulse;
    }

    /**
     * The snapshot.
     *
     * @return runtime, enabled, live tasks per tier, every counter and gauge, and the busiest tasks
     */
    @ReadOperation
    public Map<String, Object> snapshot() {
        PulseMetrics m = pulse.recentMetrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runtime", m.runtime());
        out.put("enabled", m.enabled());
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            tiers.put(t.name(), m.tiers().live().get(t));
        }
        out.put("tiers", tiers);
        Map<String, Object> counters = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            if (metric.perTier()) {
                Map<String, Long> byTier = new LinkedHashMap<>();
                for (Tier t : Tier.values()) {
                    byTier.put(t.name(), metric.valueOf(m, t));
                }
                counters.put(metric.attribute(), byTier);
            } else {
                counters.put(metric.attribute(), metric.valueOf(m));
            }
        }
        out.put("counters", counters);
        List<Map<String, Object>> busiest =
                m.topTasks().stream().map(PulseEndpoint::task).toList();
        out.put("busiestTasks", busiest);
        return out;
    }

    private static Map<String, Object> task(TaskSnapshot t) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", t.getId());
        row.put("name", t.getName());
        row.put("tier", t.getTier());
        row.put("polls", t.getPolls());
        row.put("cpuMillis", t.getCpuNanos() / 1_000_000);
        row.put("maxPollMillis", t.getMaxPollNanos() / 1_000_000);
        row.put("forcedYields", t.getForcedYields());
        return row;
    }
}
