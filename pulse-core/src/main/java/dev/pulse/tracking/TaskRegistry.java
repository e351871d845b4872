package dev.pulse.tracking;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The live tasks of one runtime, kept for snapshots (the busiest tasks, the tier counts, {@code
 * PulseRuntime.tasks()}): a set that allocates nothing per task. Each task is a node of one of
 * many doubly linked lists (see {@link #forThisMachine}), its stripe, chosen by its id; adding and removing lock only that
 * stripe and take constant time. A reader walks one stripe at a time under its lock, so it sees
 * every task that was live for the whole walk, and maybe some that came or went meanwhile.
 *
 * <p>Why not a {@code ConcurrentHashMap} keyed by id, as before: every virtual thread paid a map
 * node and a boxed key (about 50 bytes while it lived) and a hashed insert and remove; the map's
 * one service beyond a set, rejecting a second task with a live task's id, the JDK's thread ids
 * already give. The two links and a flag live in {@link TrackedTask}.
 *
 * <p>Package-private: the {@link TierManager} owns it.
 */
final class TaskRegistry extends AbstractCollection<TrackedTask> {

    private final Stripe[] stripes;

    /** One list; every field guarded by the stripe's monitor. */
    private static final class Stripe {
        TrackedTask head;
        int size;
    }

    /**
     * A registry with at least {@code stripes} stripes (rounded up to a power of two).
     *
     * @param stripes how many lists, 1 to 4096
     */
    TaskRegistry(int stripes) {
        if (stripes < 1 || stripes > 4096) {
            throw new IllegalArgumentException("stripes must be 1 to 4096, got " + stripes);
        }
        int n = 1;
        while (n < stripes) {
            n <<= 1;
        }
        this.stripes = new Stripe[n];
        for (int i = 0; i < this.stripes.length; i++) {
            this.stripes[i] = new Stripe();
        }
    }

    /**
     * A registry striped for this machine: 16 stripes per CPU, at least 64 and at most 1024. A
     * thread starting tasks and a carrier ending others meet on a stripe one time in that many;
     * with 8 stripes they met often enough to block each other (startJoin 874 to 1,139 ns).
     */
    static TaskRegistry forThisMachine() {
        return new TaskRegistry(Math.clamp(16L * Runtime.getRuntime().availableProcessors(), 64, 1024));
    }

    private Stripe stripeOf(TrackedTask task) {
        // thread ids are sequential: a multiplicative hash spreads neighbours over the stripes
        long h = task.id() * 0x9E3779B97F4A7C15L;
        return stripes[(int) (h >>> 40) & (stripes.length - 1)];
    }

    /**
     * Adds a task that is in no registry.
     *
     * @param task the task
     * @throws IllegalStateException if the task is already registered
     */
    void register(TrackedTask task) {
        Stripe stripe = stripeOf(task);
        synchronized (stripe) {
            if (task.registered) {
                throw new IllegalStateException("task " + task.id() + " is already registered");
            }
            TrackedTask head = stripe.head;
            task.registryPrev = null;
            task.registryNext = head;
            if (head != null) {
                head.registryPrev = task;
            }
            stripe.head = task;
            stripe.size++;
            task.registered = true;
        }
    }

    /**
     * Removes a task; nothing if it is not registered.
     *
     * @param task the task
     */
    void unregister(TrackedTask task) {
        Stripe stripe = stripeOf(task);
        synchronized (stripe) {
            if (!task.registered) {
                return;
            }
            TrackedTask prev = task.registryPrev;
            TrackedTask next = task.registryNext;
            if (prev == null) {
                stripe.head = next;
            } else {
                prev.registryNext = next;
            }
            if (next != null) {
                next.registryPrev = prev;
            }
            task.registryPrev = null;
            task.registryNext = null;
            stripe.size--;
            task.registered = false;
        }
    }

    /**
     * Says whether a task is registered. Any thread, no lock: the answer may be a moment old.
     *
     * @param task the task
     * @return {@code true} if it is
     */
    boolean isRegistered(TrackedTask task) {
        return task.registered;
    }

    /** Live tasks now; each stripe counted under its lock. */
    @Override
    public int size() {
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size;
            }
        }
        return size;
    }

    /** The tasks, one stripe at a time: see the class comment for what a walk sees. */
    @Override
    public Iterator<TrackedTask> iterator() {
        return new Iterator<>() {
            private int next;
            private Iterator<TrackedTask> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < stripes.length) {
                    current = copyOf(stripes[next++]).iterator();
                }
                return current.hasNext();
            }

            @Override
            public TrackedTask next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private static List<TrackedTask> copyOf(Stripe stripe) {
        synchronized (stripe) {
            List<TrackedTask> copy = new ArrayList<>(stripe.size);
            for (TrackedTask t = stripe.head; t != null; t = t.registryNext) {
                copy.add(t);
            }
            return copy;
        }
    }
}
