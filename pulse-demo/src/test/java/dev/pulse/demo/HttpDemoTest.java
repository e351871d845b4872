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
        String json = cli.out().strip();
        assertThat(json).startsWith("{\"scenarios\":[").endsWith("]}");
        List<String> rows = List.of(
                json.substring("{\"scenarios\":[".length(), json.length() - 2).split("(?<=\\}),(?=\\{)"));
        assertThat(rows).hasSize(2);
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
    void itsFlagsAreValidatedAndItsUsageIsPartOfTheDemos() throws Exception {
        assertThat(cli.run("demo", "--http", "--heavy", "1001")).isEqualTo(2);
        assertThat(cli.err()).contains("--heavy needs a whole number from 0 to 1000, got 1001");
        cli.reset();
        assertThat(cli.run("demo", "--http", "--hogs", "3")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown flag '--hogs' for demo --http");
        assertThat(cli.run("demo", "--http", "--help")).isZero();
        assertThat(cli.out()).contains("usage: pulse demo --http", "--heavy-ms N");
        HttpDemoOptions defaults = HttpDemoOptions.parse(List.of("--carriers", "3"));
        assertThat(defaults.heavy())
                .as("one heavy client per carrier by default")
                .isEqualTo(3);
        assertThat(HttpDemoOptions.parse(defaults.toArgs())).isEqualTo(defaults);
    }
}
