package dev.pulse.demo;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one scenario measured.
 *
 * @param name the scenario's label
 * @param lightP50Ms median lateness of a light task's wake-up, in ms
 * @param lightP99Ms 99th percentile of that lateness, in ms
 * @param lightMaxMs worst lateness, in ms (a light task still waiting at the end counts with its wait so far)
 * @param lightSteps steps the light tasks completed
 * @param hogWork loop iterations the hogs completed, in millions
 * @param yields yields Pulse forced
 * @param isolations hogs moved to the isolation carriers
 * @param handoffs carriers the watchdog handed off
 */
public record ScenarioResult(
        String name,
        double lightP50Ms,
        double lightP99Ms,
        double lightMaxMs,
        long lightSteps,
        long hogWork,
        long yields,
        long isolations,
        long handoffs) {

    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[-0-9.eE]+)");

    /**
     * This result as one JSON object, the form the issue specifies.
     *
     * @return JSON
     */
    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"light_p50_ms\":%.3f,\"light_p99_ms\":%.3f,\"light_max_ms\":%.3f,"
                        + "\"light_steps\":%d,\"hog_work\":%d,\"yields\":%d,\"isolations\":%d,\"handoffs\":%d}",
                name,
                lightP50Ms,
                lightP99Ms,
                lightMaxMs,
                lightSteps,
                hogWork,
                yields,
                isolations,
                handoffs);
    }

    /**
     * Parses what {@link #toJson()} wrote.
     *
     * @param json one object
     * @return the result
     * @throws IllegalArgumentException if a field is missing
     */
    public static ScenarioResult fromJson(String json) {
        java.util.Map<String, String> f = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            f.put(m.group(1), m.group(2).replace("\"", ""));
        }
        try {
            return new ScenarioResult(
                    f.get("name"),
                    Double.parseDouble(f.get("light_p50_ms")),
                    Double.parseDouble(f.get("light_p99_ms")),
                    Double.parseDouble(f.get("light_max_ms")),
                    Long.parseLong(f.get("light_steps")),
                    Long.parseLong(f.get("hog_work")),
                    Long.parseLong(f.get("yields")),
                    Long.parseLong(f.get("isolations")),
                    Long.parseLong(f.get("handoffs")));
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("not a scenario result: " + json, e);
        }
    }
}
