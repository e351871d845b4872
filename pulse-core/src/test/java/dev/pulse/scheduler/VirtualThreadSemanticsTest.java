package dev.pulse.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.Pulse;
import dev.pulse.PulseRuntime;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual-thread semantics are preserved on Pulse's scheduler. */
class VirtualThreadSemanticsTest {

    private PulseRuntime pulse;

    @BeforeEach
    void start() {
        pulse = Pulse.builder().name("semantics").carriers(2).build();
    }

    @AfterEach
    void stop() {
        pulse.close();
    }

    private Thread start(Runnable r) {
        return pulse.ofVirtual().start(r);
    }

    private static boolean onPulseCarrier() {
        // a Pulse task has a ScheduledTask; a default-scheduler thread does not
        return Checkpoints.currentTask() != null;
    }

    @Test
    void runsOnVirtualThreadsOfThisRuntime() throws Exception {
        AtomicBoolean virtual = new AtomicBoolean();
        AtomicBoolean tracked = new AtomicBoolean();
        Thread t = pulse.ofVirtual().name("named-", 7).start(() -> {
            virtual.set(Thread.currentThread().isVirtual());
            tracked.set(onPulseCarrier());
        });
        t.join();
        assertThat(t.getName()).isEqualTo("named-7");
        assertThat(virtual).isTrue();
        assertThat(tracked).isTrue();
    }

    @Test
    void parkAndUnpark() throws Exception {
        AtomicInteger stage = new AtomicInteger();
        Thread t = start(() -> {
            stage.set(1);
            while (stage.get() != 2) {
                LockSupport.park();
            }
            stage.set(3);
        });
        while (stage.get() != 1) {
            Thread.onSpinWait();
        }
        stage.set(2);
        LockSupport.unpark(t);
        assertThat(t.join(Duration.ofSeconds(5))).isTrue();
        assertThat(stage).hasValue(3);
    }

    @Test
    void sleepAndTimedJoin() throws Exception {
        Thread sleeper = start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        assertThat(sleeper.join(Duration.ofMillis(50))).as("still asleep").isFalse();
        assertThat(sleeper.join(Duration.ofSeconds(5))).isTrue();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
    }

    @Test
    void interruptWakesASleeper() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch sleeping = new CountDownLatch(1);
        Thread t = start(() -> {
            sleeping.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        sleeping.await();
        Thread.sleep(20);
        t.interrupt();
        assertThat(t.join(Duration.ofSeconds(5))).isTrue();
        assertThat(interrupted).isTrue();
    }

    @Test
    void synchronizedHandOff() throws Exception {
        Object lock = new Object();
        List<Integer> order = new ArrayList<>();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            int id = i;
            threads[i] = start(() -> {
                for (int k = 0; k < 100; k++) {
                    synchronized (lock) {
                        order.add(id);
                        if (k % 10 == 0) {
                            try {
                                lock.wait(1);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        lock.notifyAll();
                    }
                }
            });
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(20))).isTrue();
        }
        synchronized (lock) {
            assertThat(order).hasSize(800);
        }
    }

    @Test
    void reentrantLockHandOff() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        long[] counter = {0};
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = start(() -> {
                for (int k = 0; k < 10_000; k++) {
                    lock.lock();
                    try {
                        counter[0]++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(counter[0]).isEqualTo(80_000);
    }

    @Test
    void nestedVirtualThreadsInheritTheSchedulerAndAreTracked() throws Exception {
        AtomicBoolean childTracked = new AtomicBoolean();
        AtomicReference<String> childName = new AtomicReference<>();
        Thread parent = start(() -> {
            Thread child = Thread.ofVirtual().name("child").start(() -> {
                childTracked.set(onPulseCarrier());
                childName.set(Checkpoints.currentTask().taskState().name());
            });
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(parent.join(Duration.ofSeconds(5))).isTrue();
        assertThat(childTracked)
                .as("plain Thread.ofVirtual() inside a Pulse thread runs on Pulse")
                .isTrue();
        assertThat(childName).hasValue("child");
    }

    @Test
    void threadLocalsAreThreadConfined() throws Exception {
        ThreadLocal<Integer> local = new ThreadLocal<>();
        InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        inherited.set("from-test");
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            int id = i;
            threads[i] = start(() -> {
                local.set(id);
                Thread.yield();
                seen.add(local.get() + "/" + id + "/" + inherited.get());
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).containsExactlyInAnyOrder("0/0/from-test", "1/1/from-test", "2/2/from-test", "3/3/from-test");
        assertThat(local.get()).isNull();
    }

    @Test
    void uncaughtExceptionsReachTheHandlerAndTheCarrierLivesOn() throws Exception {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread t = pulse.ofVirtual()
                .uncaughtExceptionHandler((th, e) -> caught.set(e))
                .start(() -> {
                    throw new IllegalStateException("boom");
                });
        t.join();
        assertThat(caught.get()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        AtomicBoolean after = new AtomicBoolean();
        start(() -> after.set(true)).join();
        assertThat(after).isTrue();
        assertThat(pulse.metrics().faults()).isZero();
    }

    @Test
    void executorServiceFuturesCompleteOrFailAsUsual() throws Exception {
        try (ExecutorService exec = pulse.newThreadPerTaskExecutor()) {
            Future<Integer> ok = exec.submit(() -> 6 * 7);
            Future<Integer> bad = exec.submit(() -> {
                throw new IllegalArgumentException("bad");
            });
            assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> bad.get(5, TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        }
        Thread t = pulse.threadFactory().newThread(() -> {});
        assertThat(t.isVirtual()).isTrue();
    }

    @Test
    void blockingSocketIoOnLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int clients = 20;
            Thread acceptor = start(() -> {
                for (int i = 0; i < clients; i++) {
                    try {
                        Socket s = server.accept();
                        start(() -> echo(s));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            AtomicInteger echoed = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                byte payload = (byte) i;
                threads.add(start(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        for (int k = 0; k < 50; k++) {
                            out.write(payload);
                            out.flush();
                            if (in.read() == (payload & 0xFF)) {
                                echoed.incrementAndGet();
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(acceptor.join(Duration.ofSeconds(5))).isTrue();
            assertThat(echoed).hasValue(clients * 50);
        }
    }

    private static void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                out.flush();
            }
        } catch (java.io.IOException e) {
            // client closed
        }
    }
}
