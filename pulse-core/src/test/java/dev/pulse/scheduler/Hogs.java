package dev.pulse.scheduler;

import dev.pulse.Pulse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** CPU hogs for tests: spin until stopped, with or without checkpoints. */
final class Hogs implements AutoCloseable {
    final AtomicBoolean stop = new AtomicBoolean();
    final LongAdder work = new LongAdder();

    Runnable hog(boolean checkpoints) {
        return () -> {
            long n = 0;
            while (!stop.get()) {
                n++;
                if (checkpoints) {
                    Pulse.checkpoint();
                }
                if ((n & 0xFFFF) == 0) {
                    work.add(0x10000);
                }
            }
        };
    }

    void stop() {
        stop.set(true);
    }

    @Override
    public void close() {
        stop();
    }
}
