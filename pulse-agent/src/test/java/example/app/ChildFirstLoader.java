package example.app;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Predicate;

/** Loads the classes {@code mine} accepts from its own URLs first, so each loader defines its own copy. */
public final class ChildFirstLoader extends URLClassLoader {

    private final Predicate<String> mine;

    /**
     * Creates a loader.
     *
     * @param url where its classes are
     * @param parent for every other class
     * @param mine the binary names to load from {@code url} first
     */
    public ChildFirstLoader(URL url, ClassLoader parent, Predicate<String> mine) {
        super(new URL[] {url}, parent);
        this.mine = mine;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!mine.test(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            return c != null ? c : findClass(name);
        }
    }
}
