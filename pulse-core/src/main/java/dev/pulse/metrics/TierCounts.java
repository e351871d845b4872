package dev.pulse.metrics;

import dev.pulse.tier.Tier;
import java.util.EnumMap;
import java.util.Map;

/**
 * Tasks by {@link Tier}: how many moved into each tier, up or down (totals since the runtime
 * started), and how many live in each now (a gauge). Every tier has an entry in each map.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=tiers}
 *
 * @param promotions promotions into each tier
 * @param demotions demotions into each tier
 * @param live live tasks per tier
 */
public record TierCounts(Map<Tier, Long> promotions, Map<Tier, Long> demotions, Map<Tier, Integer> live) {

    /**
     * Copies the maps, filling a missing tier with zero, so the record is immutable and complete.
     */
    public TierCounts {
        promotions = complete(promotions, 0L);
        demotions = complete(demotions, 0L);
        live = complete(live, 0);
    }

    private static <V> Map<Tier, V> complete(Map<Tier, V> byTier, V zero) {
        Map<Tier, V> all = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            all.put(t, byTier.getOrDefault(t, zero));
        }
        return Map.copyOf(all);
    }

    /**
     * Tasks moved to {@link Tier#ISOLATE}.
     *
     * @return promotions into ISOLATE
     */
    public long isolations() {
        return promotions.get(Tier.ISOLATE);
    }

    /**
     * Live tasks in all tiers.
     *
     * @return the count
     */
    public int liveTotal() {
        return live.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The moves between {@code earlier} and these; live tasks as they are now.
     *
     * @param earlier an earlier reading of the same runtime
     * @return the interval's counts
     */
    public TierCounts since(TierCounts earlier) {
        Map<Tier, Long> promoted = new EnumMap<>(Tier.class);
        Map<Tier, Long> demoted = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            promoted.put(t, promotions.get(t) - earlier.promotions.get(t));
            demoted.put(t, demotions.get(t) - earlier.demotions.get(t));
        }
        return new TierCounts(promoted, demoted, live);
    }
}
