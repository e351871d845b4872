package dev.pulse.spring;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import dev.pulse.tier.Tier;
import dev.pulse.tier.TierPolicy;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code pulse.*} properties: the one {@link PulseRuntime} of the application. A property left
 * unset keeps the builder's default. Each value is checked by the builder; a bad one stops the
 * application at startup with a message naming the property, its value and what is allowed.
 *
 * {@snippet lang=properties :
 * pulse.carriers=4
 * pulse.handoff-after=20ms
 * pulse.tier.slow-poll-threshold=5ms
 * }
 *
 * @param required without Pulse's JVM flag, fail at startup ({@code true}, the default) or start
 *     unprotected and say so once ({@code false})
 * @param enabled whether Pulse intervenes; unset, the {@code pulse.enabled} system property or
 *     {@code true}
 * @param name the runtime's name, in JMX, JFR and log lines
 * @param carriers main carrier threads, 1 to 32767; unset, the available processors
 * @param isolationCarriers carriers of the isolation pool, 1 to 32767
 * @param slice the time slice a checkpoint checks, 10 µs to 1 s
 * @param budgetUnits the most checkpoint units between slice checks (each grant is paced to last
 *     until the slice's end), 1 to 65535
 * @param handoffAfter how long one poll may hold a carrier while others wait, at least the slice
 * @param maxExtraCarriers carriers handoffs may add at once
 * @param timerSlack how late a timed park may end so that several end at one wake-up, 0 to 10 ms
 * @param tier the tier policy's thresholds
 */
@ConfigurationProperties("pulse")
public record PulseProperties(
        @DefaultValue("true") boolean required,
        Boolean enabled,
        @DefaultValue("spring") String name,
        Integer carriers,
        Integer isolationCarriers,
        Duration slice,
        Integer budgetUnits,
        Duration handoffAfter,
        Integer maxExtraCarriers,
        Duration timerSlack,
        @DefaultValue Tiers tier) {

    /**
     * The {@code pulse.tier.*} properties; unset ones keep {@link TierPolicy#defaults()}.
     *
     * @param slowPollThreshold a poll this long or longer is slow
     * @param promoteAfterSlowPolls slow polls that move a task up one tier
     * @param demoteAfterGoodPolls fast polls in a row that move a task down one tier
     * @param minTierDwell the least time a task stays in a tier
     * @param maxTier the highest tier a task may reach
     */
    public record Tiers(
            Duration slowPollThreshold,
            Integer promoteAfterSlowPolls,
            Integer demoteAfterGoodPolls,
            Duration minTierDwell,
            Tier maxTier) {}

    /**
     * Builds the runtime these properties describe.
     *
     * @return a started runtime
     * @throws PulseStartupException naming the property whose value the builder refused
     */
    public PulseRuntime build() {
        TierPolicy.Builder policy = TierPolicy.defaults().toBuilder();
        apply("pulse.tier.slow-poll-threshold", tier.slowPollThreshold(), policy::slowPollThreshold);
        apply("pulse.tier.promote-after-slow-polls", tier.promoteAfterSlowPolls(), policy::promoteAfterSlowPolls);
        apply("pulse.tier.demote-after-good-polls", tier.demoteAfterGoodPolls(), policy::demoteAfterGoodPolls);
        apply("pulse.tier.min-tier-dwell", tier.minTierDwell(), policy::minTierDwell);
        apply("pulse.tier.max-tier", tier.maxTier(), policy::maxTier);
        PulseRuntime.Builder builder = Pulse.builder();
        apply("pulse.name", name, builder::name);
        apply("pulse.enabled", enabled, builder::enabled);
        apply("pulse.carriers", carriers, builder::carriers);
        apply("pulse.isolation-carriers", isolationCarriers, builder::isolationCarriers);
        apply("pulse.slice", slice, builder::slice);
        apply("pulse.budget-units", budgetUnits, builder::budgetUnits);
        apply("pulse.handoff-after", handoffAfter, builder::handoffAfter);
        apply("pulse.max-extra-carriers", maxExtraCarriers, builder::maxExtraCarriers);
        apply("pulse.timer-slack", timerSlack, builder::timerSlack);
        TierPolicy built;
        try {
            built = policy.build();
        } catch (IllegalArgumentException e) {
            throw PulseStartupException.badProperty("pulse.tier", tier, e);
        }
        builder.tierPolicy(built);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) { // a combination, such as handoff-after below slice
            throw PulseStartupException.badProperty("pulse", this, e);
        } catch (IllegalStateException e) {
            throw PulseStartupException.unavailable(e.getMessage(), e);
        }
    }

    private static <T> void apply(String property, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw PulseStartupException.badProperty(property, value, e);
        }
    }
}
