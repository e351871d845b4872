package example.app;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Defines one class from bytes made at run time, and serves those bytes as its class file. */
final class GeneratedLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    GeneratedLoader(ClassLoader parent, String name, byte[] bytes) {
        super("generated", parent);
        this.name = name;
        this.bytes = bytes.clone();
    }

    @Override
    protected Class<?> findClass(String className) throws ClassNotFoundException {
        if (!className.equals(name)) {
            throw new ClassNotFoundException(className);
        }
        return defineClass(className, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String resource) {
        if (resource.equals(name.replace('.', '/') + ".class")) {
            return new ByteArrayInputStream(bytes);
        }
        return super.getResourceAsStream(resource);
    }
}
