package dev.pulse.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    private static TrackedTask task(long id) {
        return new TrackedTask(id, "t" + id, null, 1, 0, 0);
    }

    @Test
    void addsRemovesAndWalksTasksInAnyStripe() {
        TaskRegistry registry = new TaskRegistry(3); // rounded up to 4
        List<TrackedTask> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TrackedTask t = task(i);
            tasks.add(t);
            registry.register(t);
        }
        assertThat(registry).hasSize(100).containsExactlyInAnyOrderElementsOf(tasks);
        // remove heads, tails and middles of the lists alike
        for (int i = 0; i < 100; i += 3) {
            registry.unregister(tasks.get(i));
        }
        Set<TrackedTask> left = new HashSet<>(tasks);
        for (int i = 0; i < 100; i += 3) {
            left.remove(tasks.get(i));
            assertThat(registry.isRegistered(tasks.get(i))).isFalse();
        }
        assertThat(registry).hasSize(left.size()).containsExactlyInAnyOrderElementsOf(left);
        registry.unregister(tasks.get(0)); // again: nothing happens
        assertThat(registry).hasSize(left.size());
        left.forEach(registry::unregister);
        assertThat(registry).isEmpty();
    }

    @Test
    void aTaskIsRegisteredOnce() {
        TaskRegistry registry = new TaskRegistry(1);
        TrackedTask t = task(5);
        registry.register(t);
        assertThatThrownBy(() -> registry.register(t))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task 5 is already registered");
        assertThatThrownBy(() -> new TaskRegistry(0)).hasMessage("stripes must be 1 to 4096, got 0");
    }

    @Test
    void threadsAddingAndRemovingAtOnceLoseNoTask() throws InterruptedException {
        TaskRegistry registry = new TaskRegistry(4);
        int threads = 8;
        int each = 5_000;
        TrackedTask[][] made = new TrackedTask[threads][each];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    TrackedTask t = task((long) worker * each + i);
                    made[worker][i] = t;
                    registry.register(t);
                    if (i % 2 == 1) { // every odd one goes again at once, beside the others' adds
                        registry.unregister(t);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        Set<TrackedTask> expected = new HashSet<>();
        for (TrackedTask[] row : made) {
            for (int i = 0; i < each; i += 2) {
                expected.add(row[i]);
            }
        }
        assertThat(registry).hasSize(expected.size());
        assertThat(new HashSet<>(registry)).isEqualTo(expected);
    }
}
