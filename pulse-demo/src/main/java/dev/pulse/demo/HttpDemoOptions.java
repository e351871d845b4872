package dev.pulse.demo;

import java.util.List;

/**
 * The flags of {@code pulse demo --http}, parsed and validated.
 *
 * @param seconds how long each server is loaded, 1 to 600
 * @param carriers carriers of each scheduler, 1 to 1024
 * @param heavy clients keeping one heavy request each in flight, 0 to 1000
 * @param heavyMillis CPU time each heavy request burns with no yield point, 1 to 10000
 * @param rate light requests per second, 1 to 100000
 * @param json print one JSON object instead of the table
 * @param adaptive compare handoff with adaptive checkpoints on the JDK's HttpServer instead
 * @param server {@code jetty} or {@code httpserver} (the JDK's)
 * @param capacity 0 for the fixed-rate load; else measure capacity instead, with this many
 *     connections each sending light requests back to back, 1 to 10000
 */
public record HttpDemoOptions(
        int seconds,
        int carriers,
        int heavy,
        int heavyMillis,
        int rate,
        boolean json,
        boolean adaptive,
        String server,
        int capacity) {

    /** The usage text. */
    public static final String USAGE = """
            usage: pulse demo --http [--server jetty|httpserver] [--adaptive] [--seconds N] [--carriers N]
                                     [--heavy N] [--heavy-ms N] [--rate N] [--capacity N] [--json]
              a Jetty 12 server on loopback, first on the JDK's scheduler, then on Pulse, each with
              light requests at a fixed rate (latency from when each was due) and clients keeping
              checkpoint-free CPU-bound requests in flight
              --server S    jetty (default) or httpserver (the JDK's com.sun.net.httpserver)
              --adaptive    instead: the JDK's HttpServer on Pulse with the agent, handoff only, then
                            with adaptive checkpoints (agent option adaptive=true); each measured
                            after 3 s of the same load, in which the agent finds the heavy code
              --seconds N   how long each server is loaded (1..600, default 3)
              --carriers N  carrier threads of each scheduler (1..1024, default: available processors)
              --heavy N     clients each keeping one heavy request in flight (0..1000, default carriers)
              --heavy-ms N  CPU each heavy request burns with no yield point (1..10000, default 200;
                            300 with --adaptive)
              --rate N      light requests per second (1..100000, default 200)
              --capacity N  instead of the fixed rate and the heavy clients: N connections each
                            sending light requests back to back (after 2 s of the same, not
                            counted), to compare the servers' capacity in requests/s (1..10000;
                            a closed loop hides stalls, so no latency is reported)
              --json        print one JSON object instead of the table""";

    /**
     * Parses the flags after {@code demo --http}.
     *
     * @param args the flags, {@code --http} left out
     * @return the options
     * @throws IllegalArgumentException naming the bad flag and what it allows
     */
    public static HttpDemoOptions parse(List<String> args) {
        int seconds = 3;
        int carriers = Runtime.getRuntime().availableProcessors();
        Integer heavy = null;
        Integer heavyMillis = null;
        int rate = 200;
        boolean json = false;
        boolean adaptive = false;
        String server = "jetty";
        int capacity = 0;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--json" -> json = true;
                case "--adaptive" -> adaptive = true;
                case "--server" -> {
                    server = ++i < args.size() ? args.get(i) : "";
                    if (!server.equals("jetty") && !server.equals("httpserver")) {
                        throw new IllegalArgumentException("--server needs jetty or httpserver, got '" + server + "'");
                    }
                }
                case "--seconds" -> seconds = DemoOptions.number(flag, args, ++i, 1, 600);
                case "--carriers" -> carriers = DemoOptions.number(flag, args, ++i, 1, 1024);
                case "--heavy" -> heavy = DemoOptions.number(flag, args, ++i, 0, 1000);
                case "--heavy-ms" -> heavyMillis = DemoOptions.number(flag, args, ++i, 1, 10_000);
                case "--rate" -> rate = DemoOptions.number(flag, args, ++i, 1, 100_000);
                case "--capacity" -> capacity = DemoOptions.number(flag, args, ++i, 1, 10_000);
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "' for demo --http");
            }
        }
        if (capacity > 0 && adaptive) {
            throw new IllegalArgumentException(
                    "--capacity measures the servers with light requests only; it cannot be combined with --adaptive");
        }
        return new HttpDemoOptions(
                seconds,
                carriers,
                heavy != null ? heavy : carriers,
                heavyMillis != null ? heavyMillis : adaptive ? 300 : 200,
                rate,
                json,
                adaptive,
                server,
                capacity);
    }

    /**
     * The flags that reproduce these options, for a child JVM.
     *
     * @return the flags
     */
    public List<String> toArgs() {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--seconds", Integer.toString(seconds),
                "--carriers", Integer.toString(carriers),
                "--heavy", Integer.toString(heavy),
                "--heavy-ms", Integer.toString(heavyMillis),
                "--rate", Integer.toString(rate),
                "--server", server));
        if (capacity > 0) {
            args.addAll(List.of("--capacity", Integer.toString(capacity)));
        }
        return args;
    }
}
