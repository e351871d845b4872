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

/** The kernel's times for a thread, read from another thread as the watchdog reads them. */
class OsThreadTest {

    @Test
    void aSpinningThreadGainsCpuTimeAndAParkedOneSleeps() throws Exception {
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
            Thread.sleep(50); // the sleeper reaches its park
            long[] spinning0 = spinning.times();
            long[] parked0 = parked.times();
            Thread.sleep(300);
            long[] spinning1 = spinning.times();
            long[] parked1 = parked.times();
            assertThat(spinning1[0] - spinning0[0])
                    .as("the spinner ran on a CPU")
                    .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(20));
            assertThat((parked1[0] - parked0[0]) + (parked1[1] - parked0[1]))
                    .as("the parked thread neither ran nor waited for a CPU: it slept")
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
        } finally {
            stop.set(true);
            LockSupport.unpark(sleeper);
            assertThat(spinner.join(Duration.ofSeconds(5))).isTrue();
            assertThat(sleeper.join(Duration.ofSeconds(5))).isTrue();
        }
    }
}
