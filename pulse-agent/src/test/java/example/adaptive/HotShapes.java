package example.adaptive;

import example.adaptive.lib.LibraryLoop;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shapes of hot code adaptive checkpoints must tell apart, none annotated: a loop in the hog
 * itself, a loop around a JDK call, a loop in a lambda, a loop whose body is a step with none,
 * recursion, and a loop in an (excludable) library called in a loop.
 */
public final class HotShapes {
    private HotShapes() {}

    /**
     * A plain loop.
     *
     * @param stop set to end it
     * @return the mixed value
     */
    public static long spin(AtomicBoolean stop) {
        long x = 1;
        while (!stop.get()) {
            x = x * 31 + 7;
        }
        return x;
    }

    /**
     * A loop whose time goes into the JDK.
     *
     * @param stop set to end it
     * @return rounds done
     */
    public static long sortLoop(AtomicBoolean stop) {
        int[] data = new int[100_000];
        long rounds = 0;
        while (!stop.get()) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (int) ((i * 2_654_435_761L + rounds) >>> 7);
            }
            Arrays.sort(data);
            rounds++;
        }
        return rounds;
    }

    /**
     * A loop in a lambda body.
     *
     * @param stop set to end it
     * @param sink where the result goes
     * @return the lambda
     */
    public static Runnable lambda(AtomicBoolean stop, long[] sink) {
        return () -> {
            long x = 1;
            while (!stop.get()) {
                x = x * 31 + 7;
            }
            sink[0] = x;
        };
    }

    /**
     * A loop whose body is a step with no loop of its own: the loop, not the step, is chosen.
     *
     * @param stop set to end it
     * @return the mixed value
     */
    public static long stepLoop(AtomicBoolean stop) {
        long x = 1;
        while (!stop.get()) {
            x = step(x);
        }
        return x;
    }

    /**
     * One step, no loop.
     *
     * @param x the value
     * @return the next value
     */
    public static long step(long x) {
        long y = x * 0x9E3779B97F4A7C15L;
        return y ^ (y >>> 29) ^ (y << 11);
    }

    /**
     * Recursion with no loop: descends {@code depth} calls, then waits at the bottom, so its stack
     * shows the method many times.
     *
     * @param depth calls left
     * @param bottom counted down on reaching the bottom
     * @param release awaited at the bottom
     * @return the depth reached
     * @throws InterruptedException if interrupted
     */
    public static int descend(int depth, CountDownLatch bottom, CountDownLatch release) throws InterruptedException {
        if (depth == 0) {
            bottom.countDown();
            release.await();
            return 0;
        }
        return 1 + descend(depth - 1, bottom, release);
    }

    /**
     * A loop around a library's loop.
     *
     * @param stop set to end it
     * @return the sum
     */
    public static long aroundLibrary(AtomicBoolean stop) {
        long sum = 0;
        while (!stop.get()) {
            sum += LibraryLoop.mix(sum, 10_000);
        }
        return sum;
    }
}
