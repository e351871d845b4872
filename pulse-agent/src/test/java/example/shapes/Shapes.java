package example.shapes;

import dev.pulse.PreemptionBudget;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * Method shapes the instrumenter must keep correct. Every public static method takes an {@code
 * int} and returns a value that depends on all its loops, so a test can compare instrumented and
 * plain results.
 */
@PreemptionBudget
@SuppressWarnings({"fallthrough", "RefactorSwitch", "StatementSwitchToExpressionSwitch", "LabelledBreakTarget"})
public final class Shapes {

    private long total;

    /** A constructor with loops (and a checkpoint at entry, before {@code super()}). */
    public Shapes(int n) {
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += (long) i * i;
        }
        this.total = t;
    }

    public static Object constructor(int n) {
        return new Shapes(n).total;
    }

    public static Object nestedLabelled(int n) {
        long sum = 0;
        outer:
        for (int i = 0; i < n; i++) {
            inner:
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    continue outer;
                }
                if ((i + j) % 7 == 6) {
                    continue inner;
                }
                if (i * j > 5_000) {
                    break outer;
                }
                sum += i ^ j;
            }
        }
        return sum;
    }

    public static Object doWhileAndWhileTrue(int n) {
        int i = 0;
        long acc = 1;
        do {
            acc = acc * 31 + i;
            i++;
        } while (i < n);
        int k = 0;
        while (true) {
            if (++k > n) {
                break;
            }
            acc ^= k;
        }
        return acc;
    }

    public static Object tryCatchFinally(int n) {
        long caught = 0;
        long finallies = 0;
        StringBuilder trail = new StringBuilder();
        for (int i = 0; i < n; i++) {
            try {
                if (i % 3 == 0) {
                    throw new IllegalStateException("boom " + i);
                }
                trail.append('.');
            } catch (IllegalStateException e) {
                caught += e.getMessage().length();
            } finally {
                finallies++;
            }
        }
        int retries = 0;
        while (true) { // a retry loop whose back-edge is in a handler
            try {
                if (retries < Math.min(n, 5)) {
                    throw new RuntimeException();
                }
                break;
            } catch (RuntimeException e) {
                retries++;
            }
        }
        return caught + ":" + finallies + ":" + trail.length() + ":" + retries;
    }

    public static Object oldSwitch(int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0:
                    acc += 1;
                // fall through
                case 1:
                    acc += 10;
                    break;
                case 3:
                    acc *= 3;
                    break;
                default:
                    acc -= 1;
            }
            switch (i * 1_000_003) { // sparse: a lookupswitch
                case 0 -> acc += 2;
                case 1_000_003 -> acc += 3;
                case 7_000_021 -> acc += 5;
                default -> acc += 0;
            }
            String s = "k" + (i % 3);
            switch (s) {
                case "k0" -> acc += 7;
                case "k1" -> acc -= 7;
                default -> acc ^= 1;
            }
        }
        return acc;
    }

    sealed interface Shape permits Circle, Square, Line {}

    record Circle(double r) implements Shape {}

    record Square(double side) implements Shape {}

    record Line(int length) implements Shape {}

    public static Object patternSwitch(int n) {
        double area = 0;
        int lines = 0;
        for (int i = 0; i < n; i++) {
            Shape shape = switch (i % 3) {
                case 0 -> new Circle(i);
                case 1 -> new Square(i);
                default -> new Line(i);
            };
            area += switch (shape) {
                case Circle(double r) when r > 10 -> Math.PI * r * r;
                case Circle c -> c.r();
                case Square(double side) -> side * side;
                case Line l -> {
                    lines += l.length();
                    yield 0;
                }
            };
            Object o = i % 2 == 0 ? (Object) ("s" + i) : Integer.valueOf(i); // a merge of two types
            if (o instanceof String str && str.length() > 2) {
                lines++;
            }
        }
        return Math.round(area) + "/" + lines;
    }

    public static Object lambdas(int n) {
        IntFunction<Long> triangle = k -> {
            long t = 0;
            for (int i = 0; i <= k; i++) {
                t += i;
            }
            return t;
        };
        long viaStream =
                IntStream.range(0, n).mapToLong(k -> triangle.apply(k % 50)).sum();
        LongSupplier capturing = () -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += i % 3;
            }
            return s;
        };
        return viaStream + capturing.getAsLong();
    }

    public static Object longsAndDoubles(int n) {
        long a = 1L << 40;
        double x = 0.5;
        float f = 1.5f;
        for (long i = 0; i < n; i++) {
            double y = x * 1.0001 + i;
            long b = a + (long) y;
            x = y / (1 + (i & 7));
            a = b ^ (b >>> 3);
            f *= 1.0001f;
        }
        return a + ":" + Double.doubleToLongBits(x) + ":" + Float.floatToIntBits(f);
    }

    public static synchronized Object synchronizedMethod(int n) {
        long s = 0;
        Object lock = new Object();
        for (int i = 0; i < n; i++) {
            synchronized (lock) {
                s += i;
            }
        }
        return s;
    }

    static <T extends Comparable<? super T>> T max(Iterable<T> values) {
        Iterator<T> it = values.iterator();
        T best = it.next();
        while (it.hasNext()) {
            T v = it.next();
            if (v.compareTo(best) > 0) {
                best = v;
            }
        }
        return best;
    }

    public static Object generics(int n) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            words.add(Integer.toString(i * 7919 % 1000));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String w : words) {
            counts.merge(w.substring(0, 1), 1, Integer::sum);
        }
        return max(words) + counts.toString();
    }

    public static Object arraysAndIterables(int n) {
        int[][] grid = new int[Math.max(1, n % 20)][Math.max(1, n % 13)];
        for (int[] row : grid) {
            for (int j = 0; j < row.length; j++) {
                row[j] = j * 3 + row.length;
            }
        }
        long s = 0;
        for (int[] row : grid) {
            for (int v : row) {
                s += v;
            }
        }
        return s;
    }

    public static Object recursion(int n) {
        return fib(Math.min(n, 20));
    }

    private static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static Object records(int n) {
        return new Point(n, n + 1).manhattanWalk();
    }

    public static Object interfaces(int n) {
        Summer summer = new Summer() {};
        return summer.sumTo(n) + Summer.squares(n);
    }

    /** A record with its own annotation: nested types do not inherit their outer type's. */
    @PreemptionBudget(units = 3)
    record Point(int x, int y) {
        Point {
            for (int i = 0; i < 3; i++) {
                x += 0;
            }
        }

        long manhattanWalk() {
            long steps = 0;
            for (int i = 0; i < x; i++) {
                for (int j = 0; j < y; j++) {
                    steps += Math.abs(i - j);
                }
            }
            return steps;
        }
    }

    @PreemptionBudget(sliceMicros = 2_000)
    interface Summer {
        default long sumTo(int n) {
            long s = 0;
            for (int i = 1; i <= n; i++) {
                s += i;
            }
            return s;
        }

        static long squares(int n) {
            long s = 0;
            int i = 0;
            while (i < n) {
                s += (long) i * i;
                i++;
            }
            return s;
        }
    }
}
