package dev.pulse.metrics;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The {@link PulseRuntimeMXBean} of one runtime, and its registration in the platform MBean
 * server. Snapshots are taken on the JMX caller's thread and shared with the runtime's other
 * readers through its {@link SnapshotCache}; nothing here runs on a carrier.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=jmx}
 */
public final class PulseRuntimeJmx implements PulseRuntimeMXBean {

    /** The JMX domain of Pulse's MBeans. */
    public static final String DOMAIN = "dev.pulse";

    private static final System.Logger LOG = System.getLogger("dev.pulse");

    private final String name;
    private final Supplier<PulseMetrics> metrics;
    private final ObjectName objectName;

    /**
     * Creates the MBean of a runtime (not registered yet).
     *
     * @param name the runtime's name (letters, digits, {@code . _ -})
     * @param metrics the runtime's snapshots, reused for a while ({@link SnapshotCache})
     */
    public PulseRuntimeJmx(String name, Supplier<PulseMetrics> metrics) {
        this.name = name;
        this.metrics = metrics;
        this.objectName = objectName(name);
    }

    /**
     * The object name of a runtime's MBean.
     *
     * @param runtime the runtime's name
     * @return {@code dev.pulse:type=PulseRuntime,name=<runtime>}
     * @throws IllegalArgumentException if the name cannot be part of an object name
     */
    public static ObjectName objectName(String runtime) {
        try {
            return new ObjectName(DOMAIN + ":type=PulseRuntime,name=" + runtime);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid runtime name for JMX: " + runtime, e);
        }
    }

    /**
     * This MBean's object name.
     *
     * @return the name
     */
    public ObjectName objectName() {
        return objectName;
    }

    /**
     * Registers this MBean in the platform MBean server. If a runtime of the same name is already
     * registered, logs a warning and leaves it: the runtime works on without JMX.
     *
     * @return {@code true} if registered
     */
    public boolean register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(this, objectName);
            return true;
        } catch (InstanceAlreadyExistsException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Pulse runtime ''{0}'': another runtime of this name is already registered as {1}; this one is not visible over JMX",
                    name,
                    objectName);
            return false;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Pulse runtime '" + name + "': JMX registration failed", e);
            return false;
        }
    }

    /** Removes this MBean from the platform MBean server, if it is there. */
    public void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        } catch (InstanceNotFoundException e) {
            // never registered, or already gone
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Pulse runtime '" + name + "': JMX unregistration failed", e);
        }
    }

    private PulseMetrics snapshot() {
        return metrics.get();
    }

    private static <V> Map<String, V> byName(Map<dev.pulse.tier.Tier, V> byTier) {
        Map<String, V> out = new LinkedHashMap<>();
        for (dev.pulse.tier.Tier t : dev.pulse.tier.Tier.values()) {
            out.put(t.name(), byTier.get(t));
        }
        return out;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isEnabled() {
        return snapshot().enabled();
    }

    @Override
    public long getPolls() {
        return Metric.POLLS.valueOf(snapshot());
    }

    @Override
    public long getSlowPolls() {
        return Metric.SLOW_POLLS.valueOf(snapshot());
    }

    @Override
    public long getSlowPollThresholdNanos() {
        return Metric.SLOW_POLL_THRESHOLD.valueOf(snapshot());
    }

    @Override
    public long getPollP50Nanos() {
        return Metric.POLL_P50.valueOf(snapshot());
    }

    @Override
    public long getPollP99Nanos() {
        return Metric.POLL_P99.valueOf(snapshot());
    }

    @Override
    public long getPollMaxNanos() {
        return Metric.POLL_MAX.valueOf(snapshot());
    }

    @Override
    public long getDelayP50Nanos() {
        return Metric.DELAY_P50.valueOf(snapshot());
    }

    @Override
    public long getDelayP99Nanos() {
        return Metric.DELAY_P99.valueOf(snapshot());
    }

    @Override
    public long getDelayMaxNanos() {
        return Metric.DELAY_MAX.valueOf(snapshot());
    }

    @Override
    public long getBudgetExhaustions() {
        return Metric.BUDGET_EXHAUSTIONS.valueOf(snapshot());
    }

    @Override
    public long getForcedYields() {
        return Metric.FORCED_YIELDS.valueOf(snapshot());
    }

    @Override
    public Map<String, Long> getPromotions() {
        return byName(snapshot().tiers().promotions());
    }

    @Override
    public Map<String, Long> getDemotions() {
        return byName(snapshot().tiers().demotions());
    }

    @Override
    public long getHandoffs() {
        return Metric.HANDOFFS.valueOf(snapshot());
    }

    @Override
    public long getWarnings() {
        return Metric.WARNINGS.valueOf(snapshot());
    }

    @Override
    public long getSuppressedWarnings() {
        return Metric.SUPPRESSED_WARNINGS.valueOf(snapshot());
    }

    @Override
    public int getSlowQueueSize() {
        return (int) Metric.SLOW_QUEUE_SIZE.valueOf(snapshot());
    }

    @Override
    public Map<String, Integer> getLiveTasks() {
        return byName(snapshot().tiers().live());
    }

    @Override
    public int getMainCarriers() {
        return (int) Metric.MAIN_CARRIERS.valueOf(snapshot());
    }

    @Override
    public int getIsolationCarriers() {
        return (int) Metric.ISOLATION_CARRIERS.valueOf(snapshot());
    }

    @Override
    public int getExtraCarriers() {
        return (int) Metric.EXTRA_CARRIERS.valueOf(snapshot());
    }

    @Override
    public long getFaults() {
        return Metric.FAULTS.valueOf(snapshot());
    }

    @Override
    public List<TaskSnapshot> getTopTasks() {
        return snapshot().topTasks();
    }
}
