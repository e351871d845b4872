package dev.pulse.metrics;

/**
 * A runtime's live carrier threads, by pool: a gauge.
 *
 * {@snippet class=dev.pulse.snippets.MetricsSnippets region=carriers}
 *
 * @param main live main carriers (extra ones included)
 * @param isolation live isolation carriers
 * @param extra carriers added by handoffs (main and isolation pools) and not yet retired
 */
public record CarrierCounts(int main, int isolation, int extra) {

    /**
     * All live carriers, both pools.
     *
     * @return main plus isolation carriers
     */
    public int total() {
        return main + isolation;
    }
}
