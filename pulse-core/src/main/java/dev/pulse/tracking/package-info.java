/**
 * Internal (not exported): the tier manager, which moves tasks between tiers from what their
 * polls show, and its per-task record.
 *
 * <p>Nothing here knows about carriers or pools: the poll cycle reports polls, slice ends and
 * long polls, and reads back whether to yield. Time comes in as arguments (from an injected
 * clock), so every decision is deterministic under a fake clock. docs/ARCHITECTURE.md has the
 * transition table and who writes which field.
 */
package dev.pulse.tracking;
