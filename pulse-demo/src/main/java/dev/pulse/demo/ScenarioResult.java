package dev.pulse.demo;

import java.util.Locale;
import java.util.Map;

/**
 * What one scenario measured. Lateness is measured against each light thread's fixed schedule,
 * with every missed slot counted (see {@link ScenarioRunner}).
 *
 * @param name the scenario's label
 * @param carriers carriers of the scheduler: the JDK's configured parallelism, or the most
 *     carrier threads the Pulse runtime ran (main + isolation + extra)
 * @param lightP50Ms median lateness of a light slot, in ms
 * @param lightP99Ms 99th percentile of that lateness, in ms
 * @param lightP999Ms 99.9th percentile of that lateness, in ms
 * @param lightMaxMs worst lateness, in ms (a light thread still waiting at the end counts with its wait so far)
 * @param slotsRun light slots that ran (real wake-ups)
 * @param slotsDue light slots due by the schedule during the run
 * @param hogWork loop iterations the hogs completed, in millions
 * @param leastHogShare the least-served hog's work over the mean hog's work (1.0 = even; 1.0 with no hogs)
 * @param yields yields Pulse forced
 * @param isolations hogs moved to the isolation carriers
 * @param handoffs carriers the watchdog handed off
 */
public record ScenarioResult(
        String name,
        int carriers,
        double lightP50Ms,
        double lightP99Ms,
        double lightP999Ms,
        double lightMaxMs,
        long slotsRun,
        long slotsDue,
        long hogWork,
        double leastHogShare,
        long yields,
        long isolations,
        long handoffs) {

    /**
     * Light slots that ran, the name the first JSON schema used.
     *
     * @return {@link #slotsRun()}
     */
    public long lightSteps() {
        return slotsRun;
    }

    /**
     * This result as one JSON object. The fields of the first schema keep their names ({@code
     * light_steps} is the slots that ran); {@code carriers}, {@code light_p999_ms}, {@code
     * slots_run}, {@code slots_due} and {@code least_hog_share} are new.
     *
     * @return JSON
     */
    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"carriers\":%d,\"light_p50_ms\":%.3f,\"light_p99_ms\":%.3f,"
                        + "\"light_p999_ms\":%.3f,\"light_max_ms\":%.3f,\"light_steps\":%d,\"slots_run\":%d,"
                        + "\"slots_due\":%d,\"hog_work\":%d,\"least_hog_share\":%.3f,\"yields\":%d,"
                        + "\"isolations\":%d,\"handoffs\":%d}",
                name,
                carriers,
                lightP50Ms,
                lightP99Ms,
                lightP999Ms,
                lightMaxMs,
                slotsRun,
                slotsRun,
                slotsDue,
                hogWork,
                leastHogShare,
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
        Map<String, String> f = FlatJson.fields(json);
        try {
            return new ScenarioResult(
                    f.get("name"),
                    Integer.parseInt(f.get("carriers")),
                    Double.parseDouble(f.get("light_p50_ms")),
                    Double.parseDouble(f.get("light_p99_ms")),
                    Double.parseDouble(f.get("light_p999_ms")),
                    Double.parseDouble(f.get("light_max_ms")),
                    Long.parseLong(f.get("slots_run")),
                    Long.parseLong(f.get("slots_due")),
                    Long.parseLong(f.get("hog_work")),
                    Double.parseDouble(f.get("least_hog_share")),
                    Long.parseLong(f.get("yields")),
                    Long.parseLong(f.get("isolations")),
                    Long.parseLong(f.get("handoffs")));
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("not a scenario result: " + json, e);
        }
    }
}
