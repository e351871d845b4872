package dev.pulse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pulse demo --http}: a real Jetty server in two child JVMs, one row each. */
class HttpDemoTest {

    private final CliCapture cli = new CliCapture();

    @Test
    void bothServersAreLoadedAndEveryLightRequestIsAccountedFor() throws Exception {
        assertThat(cli.run("demo", "--http", "--seconds", "1", "--carriers", "2", "--rate", "100", "--json"))
                .isZero();
        List<String> rows = twoRows(cli.out());
        Map<String, String> jdk = FlatJson.fields(rows.get(0));
        Map<String, String> pulse = FlatJson.fields(rows.get(1));
        assertThat(jdk.get("name")).isEqualTo("jetty/jdk-default");
        assertThat(pulse.get("name")).isEqualTo("jetty/pulse");
        for (Map<String, String> row : List.of(jdk, pulse)) {
            assertThat(row.get("light_due")).as("%s", row).isEqualTo("100");
            assertThat(Long.parseLong(row.get("light_done")) + Long.parseLong(row.get("light_failed")))
                    .as("every due request answered or counted as failed: %s", row)
                    .isEqualTo(100);
            assertThat(Double.parseDouble(row.get("light_p99_ms")))
                    .as("%s", row)
                    .isLessThanOrEqualTo(Double.parseDouble(row.get("light_max_ms")));
        }
        assertThat(jdk.get("carriers")).isEqualTo("2");
        assertThat(Long.parseLong(pulse.get("handoffs")))
                .as("the checkpoint-free requests were handed off: %s", pulse)
                .isPositive();
        assertThat(HttpDemo.table(rows)).contains("jetty/jdk-default", "jetty/pulse", "100/100");
    }

    @Test
    void theJdksHttpServerIsLoadedOnBothSchedulers() throws Exception {
        List<String> rows = httpServerRows("--heavy", "0", "--rate", "100");
        for (String row : rows) {
            Map<String, String> f = FlatJson.fields(row);
            assertThat(f.get("light_done")).as("%s", f).isEqualTo("100");
            assertThat(f.get("heavy_done")).as("%s", f).isEqualTo("0");
        }
    }

    @Test
    void adaptiveComparesHandoffWithAdaptiveCheckpointsOnTheJdksHttpServer() throws Exception {
        assertThat(cli.run(
                        "demo",
                        "--http",
                        "--adaptive",
                        "--seconds",
                        "2",
                        "--carriers",
                        "2",
                        "--heavy",
                        "3",
                        "--rate",
                        "100",
                        "--json"))
                .isZero();
        List<String> rows = twoRows(cli.out());
        Map<String, String> handoff = FlatJson.fields(rows.get(0));
        Map<String, String> adaptive = FlatJson.fields(rows.get(1));
        assertThat(handoff.get("name")).isEqualTo("httpserver/pulse+agent");
        assertThat(adaptive.get("name")).isEqualTo("httpserver/pulse+adaptive");
        for (Map<String, String> row : List.of(handoff, adaptive)) {
            assertThat(Long.parseLong(row.get("light_done")) + Long.parseLong(row.get("light_failed")))
                    .as("every due request answered or counted as failed: %s", row)
                    .isEqualTo(Long.parseLong(row.get("light_due")));
            assertThat(Long.parseLong(row.get("heavy_done"))).as("%s", row).isPositive();
        }
        assertThat(handoff.get("adaptive_methods")).isEmpty();
        assertThat(Long.parseLong(handoff.get("forced_yields")))
                .as("without adaptive checkpoints nothing yields: %s", handoff)
                .isZero();
        assertThat(Long.parseLong(handoff.get("handoffs")))
                .as("the heavy requests are handed off: %s", handoff)
                .isPositive();
        assertThat(adaptive.get("adaptive_methods")).isEqualTo("example.plain.PlainHog#batch(J)J");
        assertThat(Long.parseLong(adaptive.get("forced_yields")))
                .as("the instrumented batches yield: %s", adaptive)
                .isPositive();
        assertThat(HttpDemo.table(rows))
                .contains("httpserver/pulse+adaptive: the agent instrumented example.plain.PlainHog#batch(J)J");
    }

    @Test
    void capacityLoadsBothSchedulersWithBackToBackRequestsAndComparesThem() throws Exception {
        List<String> rows = httpServerRows("--capacity", "4");
        for (String row : rows) {
            Map<String, String> f = FlatJson.fields(row);
            assertThat(f.get("connections")).as("%s", f).isEqualTo("4");
            assertThat(f.get("failed")).as("%s", f).isEqualTo("0");
            // a loopback answer takes well under 10 ms even here, so 4 connections answer 400 a second
            assertThat(Double.parseDouble(f.get("requests_per_s"))).as("%s", f).isGreaterThan(400);
        }
        assertThat(HttpDemo.table(rows)).contains("vs first", "1.00x");
    }

    @Test
    void itsFlagsAreValidatedAndItsUsageIsPartOfTheDemos() throws Exception {
        assertThat(cli.run("demo", "--http", "--heavy", "1001")).isEqualTo(2);
        assertThat(cli.err()).contains("--heavy needs a whole number from 0 to 1000, got 1001");
        cli.reset();
        assertThat(cli.run("demo", "--http", "--hogs", "3")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown flag '--hogs' for demo --http");
        cli.reset();
        assertThat(cli.run("demo", "--http", "--server", "tomcat")).isEqualTo(2);
        assertThat(cli.err()).contains("--server needs jetty or httpserver, got 'tomcat'");
        cli.reset();
        assertThat(cli.run("demo", "--http", "--capacity", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("--capacity needs a whole number from 1 to 10000, got 0");
        cli.reset();
        assertThat(cli.run("demo", "--http", "--capacity", "8", "--adaptive")).isEqualTo(2);
        assertThat(cli.err()).contains("cannot be combined with --adaptive");
        assertThat(cli.run("demo", "--http", "--help")).isZero();
        assertThat(cli.out()).contains("usage: pulse demo --http", "--heavy-ms N");
        HttpDemoOptions defaults = HttpDemoOptions.parse(List.of("--carriers", "3"));
        assertThat(defaults.heavy())
                .as("one heavy client per carrier by default")
                .isEqualTo(3);
        assertThat(HttpDemoOptions.parse(defaults.toArgs())).isEqualTo(defaults);
        HttpDemoOptions capacity = HttpDemoOptions.parse(List.of("--capacity", "16"));
        assertThat(HttpDemoOptions.parse(capacity.toArgs())).isEqualTo(capacity);
    }

    /** Runs {@code demo --http --server httpserver} for 1 s on 2 carriers: its JDK and Pulse rows. */
    private List<String> httpServerRows(String... flags) throws Exception {
        List<String> args = new java.util.ArrayList<>(
                List.of("demo", "--http", "--server", "httpserver", "--seconds", "1", "--carriers", "2", "--json"));
        args.addAll(List.of(flags));
        assertThat(cli.run(args.toArray(String[]::new))).isZero();
        List<String> rows = twoRows(cli.out());
        assertThat(rows.stream().map(r -> FlatJson.fields(r).get("name")))
                .containsExactly("httpserver/jdk-default", "httpserver/pulse");
        return rows;
    }

    /** The two rows of {@code --json} output, each a flat JSON object. */
    private static List<String> twoRows(String out) {
        String json = out.strip();
        assertThat(json).startsWith("{\"scenarios\":[").endsWith("]}");
        List<String> rows = List.of(
                json.substring("{\"scenarios\":[".length(), json.length() - 2).split("(?<=\\}),(?=\\{)"));
        assertThat(rows).hasSize(2);
        return rows;
    }
}
