package dev.pulse.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassHierarchyResolver;
import java.util.HashMap;
import java.util.Map;

/**
 * A child-first class loader for tests: defines the named classes from instrumented bytes (the
 * JVM verifies them, as for any application class) and delegates everything else.
 */
final class InstrumentedLoader extends ClassLoader {

    static final ClassHierarchyResolver RESOLVER =
            ClassHierarchyResolver.ofResourceParsing(InstrumentedLoader.class.getClassLoader());

    private final Map<String, byte[]> classes;

    InstrumentedLoader(Map<String, byte[]> classes) {
        super("instrumented", InstrumentedLoader.class.getClassLoader());
        this.classes = new HashMap<>(classes);
    }

    /** The class file of {@code name} as the test class path has it. */
    static byte[] original(String name) {
        try (InputStream in =
                InstrumentedLoader.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                return super.loadClass(name, resolve);
            }
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
