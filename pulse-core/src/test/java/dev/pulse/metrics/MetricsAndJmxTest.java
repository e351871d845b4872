package dev.pulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.tier.Tier;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** Snapshots under concurrent updates, interval arithmetic, and the MBean over a real JMX connection. */
class MetricsAndJmxTest {

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void intervalSnapshotsCountOnlyTheIntervalWhileCarriersKeepRecording() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("interval").carriers(2).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> busy = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // concurrent updates while snapshots are taken
                busy.add(pulse.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        Thread.yield();
                    }
                }));
            }
            PulseMetrics previous = pulse.metrics();
            long firstPolls = previous.polls().count();
            long sum = 0;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(10);
                PulseMetrics now = pulse.metrics();
                PulseMetrics delta = now.since(previous);
                assertThat(now.polls().count())
                        .as("totals never go back")
                        .isGreaterThanOrEqualTo(previous.polls().count());
                assertThat(delta.polls().count())
                        .isEqualTo(LogHistogram.total(delta.polls().histogram()));
                assertThat(delta.polls().count())
                        .isLessThanOrEqualTo(now.polls().count());
                sum += delta.polls().count();
                previous = now;
            }
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
            assertThat(sum)
                    .as("the intervals add up to the polls in between")
                    .isEqualTo(previous.polls().count() - firstPolls);
        }
    }

    @Test
    void sinceSubtractsCountersAndHistograms() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("since").carriers(1).build()) {
            PulseMetrics before = pulse.metrics();
            for (int i = 0; i < 100; i++) {
                pulse.ofVirtual().start(() -> {}).join();
            }
            Thread.sleep(50);
            PulseMetrics mid = pulse.metrics();
            pulse.ofVirtual().start(() -> spin(3_000_000)).join(); // one 3 ms poll
            Thread.sleep(50);
            PulseMetrics after = pulse.metrics();
            PulseMetrics first = mid.since(before);
            PulseMetrics second = after.since(mid);
            assertThat(first.polls().count())
                    .isEqualTo(mid.polls().count() - before.polls().count())
                    .isGreaterThanOrEqualTo(100);
            assertThat(second.polls().count()).isEqualTo(1);
            assertThat(second.polls().maxNanos())
                    .as("a 3 ms spin, maybe descheduled")
                    .isBetween(3_000_000L, 50_000_000L);
            assertThat(second.polls().slow()).isEqualTo(1);
            assertThat(second.polls().totalNanos()).isBetween(3_000_000L, 50_000_000L);
            assertThat(first.polls().totalNanos())
                    .isPositive()
                    .isLessThan(mid.polls().totalNanos() + 1);
            assertThat(after.polls().delayTotalNanos())
                    .isGreaterThanOrEqualTo(mid.polls().delayTotalNanos());
            assertThat(first.polls().p50Nanos()).isLessThan(second.polls().maxNanos());
            assertThat(after.since(after).polls().count()).isZero();
            assertThat(after.since(mid))
                    .as("equal by content")
                    .isEqualTo(after.since(mid))
                    .hasSameHashCodeAs(after.since(mid));
            assertThat(after.since(mid)).isNotEqualTo(mid.since(before));
            assertThatThrownBy(() -> after.since(new PulseRuntimeMetricsOf("other").get()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("different runtimes");
        }
    }

    /** A snapshot of another runtime, for the mismatch check. */
    private record PulseRuntimeMetricsOf(String name) {
        PulseMetrics get() {
            try (PulseRuntime other = Pulse.builder().name(name).carriers(1).build()) {
                return other.metrics();
            }
        }
    }

    @Test
    void topTasksListTheBusiestLiveTasksWithTheirTier() throws Exception {
        try (PulseRuntime pulse = Pulse.builder().name("top").carriers(2).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(12);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                threads.add(pulse.ofVirtual().name("idle-" + i).start(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            threads.add(pulse.ofVirtual().name("burner").start(() -> {
                while (!stop.get()) {
                    Pulse.checkpoint();
                }
            }));
            started.await();
            dev.pulse.scheduler.WaitsAccess.until(() -> pulse.metrics().topTasks().stream()
                    .anyMatch(t -> t.getName().equals("burner") && !t.getTier().equals("MONITOR")));
            PulseMetrics m = pulse.metrics();
            assertThat(m.topTasks()).hasSize(PulseMetrics.TOP_TASKS);
            assertThat(m.topTasks().getFirst().getName())
                    .as(
                            "%s",
                            m.topTasks().stream()
                                    .map(t -> t.getName() + " " + t.getTier() + " cpu=" + t.getCpuNanos() + " run="
                                            + t.getRunningPollNanos() + " polls=" + t.getPolls())
                                    .toList())
                    .isEqualTo("burner");
            assertThat(m.topTasks().getFirst().getCpuNanos()
                            + m.topTasks().getFirst().getRunningPollNanos())
                    .isPositive();
            for (int i = 1; i < m.topTasks().size(); i++) {
                assertThat(busy(m.topTasks().get(i)))
                        .isLessThanOrEqualTo(busy(m.topTasks().get(i - 1)));
            }
            assertThat(m.tiers().live().get(Tier.MONITOR)).isEqualTo(12);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    @SuppressWarnings("BanJNDI") // connects to the loopback connector this test started itself
    void theMBeanIsReadableOverARealJmxConnection() throws Exception {
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        ObjectName name = new ObjectName("dev.pulse:type=PulseRuntime,name=jmx-test");
        try (JMXConnector client = JMXConnectorFactory.connect(server.getAddress())) {
            MBeanServerConnection conn = client.getMBeanServerConnection();
            try (PulseRuntime pulse =
                    Pulse.builder().name("jmx-test").carriers(2).build()) {
                readAttributes(pulse, conn, name);
            }
            assertThat(conn.isRegistered(name)).as("unregistered on close").isFalse();
        } finally {
            server.stop();
        }
    }

    private static void readAttributes(PulseRuntime pulse, MBeanServerConnection conn, ObjectName name)
            throws Exception {
        {
            for (int i = 0; i < 50; i++) {
                pulse.ofVirtual().name("short-" + i).start(() -> {}).join();
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread burner = pulse.ofVirtual().name("jmx-burner").start(() -> {
                while (!stop.get()) {
                    Pulse.checkpoint();
                }
            });
            dev.pulse.scheduler.WaitsAccess.until(
                    () -> pulse.metrics().interventions().forcedYields() > 0);
            Thread.sleep(150); // past the MBean's 100 ms snapshot cache
            assertThat(pulse.objectName()).isEqualTo(name);
            assertThat(conn.isRegistered(name)).isTrue();
            assertThat(conn.getAttribute(name, "Name")).isEqualTo("jmx-test");
            assertThat(conn.getAttribute(name, "Enabled")).isEqualTo(true);
            assertThat((Long) conn.getAttribute(name, "Polls")).isGreaterThanOrEqualTo(50);
            assertThat((Long) conn.getAttribute(name, "ForcedYields")).isPositive();
            assertThat((Long) conn.getAttribute(name, "SlowPollThresholdNanos")).isEqualTo(50_000);
            assertThat((Integer) conn.getAttribute(name, "MainCarriers")).isGreaterThanOrEqualTo(1);
            TabularData live = (TabularData) conn.getAttribute(name, "LiveTasks");
            assertThat(live.size()).isEqualTo(4);
            TabularData promotions = (TabularData) conn.getAttribute(name, "Promotions");
            assertThat(promotions.get(new Object[] {"YIELD"}).get("value")).isEqualTo(1L);
            CompositeData[] top = (CompositeData[]) conn.getAttribute(name, "TopTasks");
            assertThat(top[0].get("name")).isEqualTo("jmx-burner");
            assertThat((String) top[0].get("tier")).isIn("YIELD", "ISOLATE");
            stop.set(true);
            burner.join();
            Thread.sleep(150); // the burner's last poll is booked, and the MBean's cache has expired
            PulseMetrics before = pulse.metrics();
            Map<String, Object> read = new java.util.HashMap<>();
            for (String attribute : List.of(
                    "PollP50Nanos",
                    "PollP99Nanos",
                    "PollMaxNanos",
                    "DelayP50Nanos",
                    "DelayP99Nanos",
                    "DelayMaxNanos",
                    "BudgetExhaustions",
                    "Handoffs",
                    "Warnings",
                    "SlowQueueSize",
                    "IsolationCarriers",
                    "ExtraCarriers",
                    "Faults",
                    "SlowPolls",
                    "Demotions")) {
                read.put(attribute, conn.getAttribute(name, attribute));
            }
            PulseMetrics after = pulse.metrics();
            // nothing runs now: the MBean shows what the runtime's own snapshots show
            for (Map.Entry<String, Long> e : Map.of(
                            "PollP50Nanos", after.polls().p50Nanos(),
                            "PollP99Nanos", after.polls().p99Nanos(),
                            "PollMaxNanos", after.polls().maxNanos(),
                            "DelayP50Nanos", after.polls().delayP50Nanos(),
                            "DelayP99Nanos", after.polls().delayP99Nanos(),
                            "DelayMaxNanos", after.polls().delayMaxNanos(),
                            "BudgetExhaustions", after.interventions().budgetExhaustions(),
                            "SlowPolls", after.polls().slow())
                    .entrySet()) {
                assertThat(((Number) read.get(e.getKey())).longValue())
                        .as(e.getKey())
                        .isEqualTo(e.getValue());
            }
            assertThat(before.polls().maxNanos()).isEqualTo(after.polls().maxNanos());
            // and what this workload must produce: 1 ms slices of a burner at YIELD or above, one
            // warning episode, no handoff (nothing waited behind it), no fault
            assertThat((Long) read.get("PollMaxNanos")).isGreaterThanOrEqualTo(1_000_000);
            assertThat((Long) read.get("PollP50Nanos")).isPositive().isLessThanOrEqualTo((Long)
                    read.get("PollP99Nanos"));
            assertThat((Long) read.get("PollP99Nanos")).isLessThanOrEqualTo((Long) read.get("PollMaxNanos"));
            assertThat((Long) read.get("DelayP50Nanos")).isLessThanOrEqualTo((Long) read.get("DelayMaxNanos"));
            assertThat((Long) read.get("BudgetExhaustions")).isPositive();
            assertThat((Long) read.get("SlowPolls")).isGreaterThanOrEqualTo(3);
            assertThat(read.get("Handoffs")).isEqualTo(0L);
            assertThat(read.get("Warnings")).isEqualTo(1L);
            assertThat(read.get("SlowQueueSize")).isEqualTo(0);
            assertThat(read.get("IsolationCarriers")).isEqualTo(after.carriers().isolation());
            assertThat(read.get("ExtraCarriers")).isEqualTo(0);
            assertThat(read.get("Faults")).isEqualTo(0L);
            TabularData demotions = (TabularData) read.get("Demotions");
            assertThat(demotions.size()).isEqualTo(4);
            for (Object row : demotions.values()) {
                assertThat(((CompositeData) row).get("value"))
                        .as("demotions %s", row)
                        .isEqualTo(0L);
            }
        }
    }

    @Test
    void aSecondRuntimeOfTheSameNameRunsWithoutJmx() throws Exception {
        try (PulseRuntime first = Pulse.builder().name("twin").carriers(1).build();
                PulseRuntime second = Pulse.builder().name("twin").carriers(1).build()) {
            second.ofVirtual().start(() -> {}).join();
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(first.objectName(), "Name"))
                    .isEqualTo("twin");
        }
        assertThatThrownBy(() -> PulseRuntimeJmx.objectName("bad,name=x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static long busy(TaskSnapshot t) {
        return t.getCpuNanos() + t.getRunningPollNanos();
    }
}
