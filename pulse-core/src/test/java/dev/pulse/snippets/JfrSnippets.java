package dev.pulse.snippets;

import dev.pulse.jfr.ForcedYieldEvent;
import dev.pulse.jfr.HandoffEvent;
import dev.pulse.jfr.SlowPollEvent;
import dev.pulse.jfr.TierChangeEvent;
import jdk.jfr.Recording;

/** Compiled examples for the Javadoc of {@code dev.pulse.jfr}. */
final class JfrSnippets {
    private JfrSnippets() {}

    static void slowpoll() {
        // @start region=slowpoll
        try (Recording recording = new Recording()) {
            recording.enable(SlowPollEvent.class).withoutStackTrace();
            recording.start();
            // ... run a Pulse runtime with a hog; then: recording.dump(Path.of("pulse.jfr"))
        }
        // @end
    }

    static void tierchange() {
        // @start region=tierchange
        try (Recording recording = new Recording()) {
            recording.enable(TierChangeEvent.class);
            recording.start();
        }
        // @end
    }

    static void handoff() {
        // @start region=handoff
        try (Recording recording = new Recording()) {
            recording.enable(HandoffEvent.class);
            recording.start();
        }
        // @end
    }

    static void forcedyield() {
        // @start region=forcedyield
        try (Recording recording = new Recording()) {
            recording.enable(ForcedYieldEvent.class); // off by default: one per slice per hog
            recording.start();
        }
        // @end
    }
}
