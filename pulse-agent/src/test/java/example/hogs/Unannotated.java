package example.hogs;

/** No annotation: instrumented only when its package is named with {@code packages=}. */
public final class Unannotated {
    private Unannotated() {}

    public static int count(int n) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += i & 1;
        }
        return c;
    }
}
