package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The kernel's word on a thread, read from another thread as the watchdog reads it. */
class OsThreadTest {

    @Test
    void aSpinningThreadIsRunnableAndAParkedOneIsNot() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<OsThread> spinnerSelf = new CompletableFuture<>();
        Thread spinner = Thread.ofPlatform().daemon().start(() -> {
            spinnerSelf.complete(OsThread.current());
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        CompletableFuture<OsThread> sleeperSelf = new CompletableFuture<>();
        Thread sleeper = Thread.ofPlatform().daemon().start(() -> {
            sleeperSelf.complete(OsThread.current());
            while (!stop.get()) {
                LockSupport.park();
            }
        });
        try {
            OsThread spinning = spinnerSelf.get(5, TimeUnit.SECONDS);
            OsThread parked = sleeperSelf.get(5, TimeUnit.SECONDS);
            Thread.sleep(100); // the sleeper reaches its park
            assertThat(spinning.state()).isEqualTo('R');
            assertThat(spinning.runnable()).isTrue();
            assertThat(parked.state()).isEqualTo('S');
            assertThat(parked.runnable()).isFalse();
        } finally {
            stop.set(true);
            LockSupport.unpark(sleeper);
            assertThat(spinner.join(Duration.ofSeconds(5))).isTrue();
            assertThat(sleeper.join(Duration.ofSeconds(5))).isTrue();
        }
    }
}
