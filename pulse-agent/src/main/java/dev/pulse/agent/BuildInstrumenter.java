package dev.pulse.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.constant.ClassDesc;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build-time instrumentation: rewrites the class files of a directory or a jar so that {@code
 * @PreemptionBudget} code has its checkpoints without the agent at run time (the application
 * still needs pulse-core on its class path), and the methods a {@code --methods} file lists
 * (the agent's {@code adaptive-log} writes one). Everything that is not a class file is copied as
 * it is; a class that cannot be instrumented is copied as it is and listed. Instrumenting twice
 * changes nothing the second time.
 *
 * <p>Behind {@code ./pulse instrument <in-dir|jar> <out-dir|jar>}, and runnable from a build:
 * {@code java -cp pulse-agent.jar dev.pulse.agent.BuildInstrumenter target/classes
 * target/classes} instruments a Maven module's classes in place (README: "Build-time
 * instrumentation" has the exec-maven-plugin configuration).
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=build}
 */
public final class BuildInstrumenter {

    /** The command-line usage, printed on bad arguments. */
    public static final String USAGE = "usage: instrument <in-dir|in.jar> <out-dir|out.jar>"
            + " [--packages <package>[.*][:<package>[.*]...]] [--methods <file>] [--classpath <path>]";

    private final CheckpointInserter inserter;
    private final List<Path> classpath;
    private final Map<String, Set<String>> methods;

    /**
     * What an instrumentation run did.
     *
     * @param classes class files read
     * @param instrumented class files that got checkpoints
     * @param checkpoints checkpoints inserted
     * @param problems classes left unchanged although they asked for checkpoints, with why
     */
    public record Summary(int classes, int instrumented, long checkpoints, List<String> problems) {
        /**
         * Copies the problem list.
         *
         * @param classes class files read
         * @param instrumented class files that got checkpoints
         * @param checkpoints checkpoints inserted
         * @param problems classes left unchanged, with why
         */
        public Summary {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Creates an instrumenter.
     *
     * @param packages classes whose every method gets checkpoints, annotated or not
     * @param classpath where the input's dependencies are, to compute stack maps; may be empty
     */
    public BuildInstrumenter(PackageFilter packages, List<Path> classpath) {
        this(packages, classpath, Map.of());
    }

    /**
     * Creates an instrumenter that also instruments the given methods, annotated or not: what
     * {@code --methods FILE} reads (see {@link #readMethods}), such as the agent's {@code
     * adaptive-log}.
     *
     * @param packages classes whose every method gets checkpoints, annotated or not
     * @param classpath where the input's dependencies are, to compute stack maps; may be empty
     * @param methods more methods by class (internal name, {@code com/acme/Hog}): each its name
     *     and descriptor, {@code burn(J)J}
     */
    public BuildInstrumenter(PackageFilter packages, List<Path> classpath, Map<String, Set<String>> methods) {
        this.inserter = new CheckpointInserter(packages);
        this.classpath = List.copyOf(classpath);
        Map<String, Set<String>> copy = new HashMap<>();
        methods.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        this.methods = Map.copyOf(copy);
    }

    /**
     * Reads a methods file: one method a line as {@code com.acme.Hog#burn(J)J} (the binary class
     * name, {@code #}, the method's name and its descriptor); blank lines and lines starting with
     * {@code //} are skipped. The agent's {@code adaptive-log} writes this form.
     *
     * @param file the file
     * @return the methods by class (internal name)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, the line number and the line that is not a method
     */
    public static Map<String, Set<String>> readMethods(Path file) throws IOException {
        Map<String, Set<String>> byClass = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            int hash = line.indexOf('#');
            int paren = line.indexOf('(', Math.max(hash, 0));
            boolean ok = hash > 0 && paren > hash + 1;
            if (ok) {
                try {
                    java.lang.constant.MethodTypeDesc.ofDescriptor(line.substring(paren));
                    ClassDesc.of(line.substring(0, hash));
                } catch (IllegalArgumentException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException("'" + file + "' line " + (i + 1) + ": '" + line
                        + "' is not a method in the form com.acme.Hog#burn(J)J");
            }
            byClass.computeIfAbsent(line.substring(0, hash).replace('.', '/'), k -> new java.util.HashSet<>())
                    .add(line.substring(hash + 1));
        }
        return byClass;
    }

    /**
     * Instruments {@code in} into {@code out}: a directory into a directory (the same one for
     * in place), a jar into a jar (out may be in, replaced when done).
     *
     * @param in a directory of class files or a jar
     * @param out a directory, or a file name ending in {@code .jar}
     * @return what was done
     * @throws IOException if reading or writing fails
     * @throws IllegalArgumentException if {@code in} is neither a directory nor a jar, or the kinds
     *     of {@code in} and {@code out} differ
     */
    public Summary instrument(Path in, Path out) throws IOException {
        boolean inIsJar = Files.isRegularFile(in) && in.toString().endsWith(".jar");
        boolean outIsJar = out.toString().endsWith(".jar");
        if (!Files.isDirectory(in) && !inIsJar) {
            throw new IllegalArgumentException("'" + in + "' is neither a directory nor a .jar file");
        }
        if (inIsJar != outIsJar) {
            throw new IllegalArgumentException("instrument a directory into a directory or a jar into a"
                    + " .jar file; got '" + in + "' and '" + out + "'");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(url(in));
        for (Path p : classpath) {
            urls.add(url(p));
        }
        // the context loader sees the build's class path (Maven's exec:java, tests); else the system one
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(
                urls.toArray(URL[]::new), parent != null ? parent : ClassLoader.getSystemClassLoader())) {
            ClassHierarchyResolver resolver =
                    ClassHierarchyResolver.ofResourceParsing(loader).cached();
            return inIsJar ? jar(in, out, resolver) : directory(in, out, resolver);
        }
    }

    private Summary directory(Path in, Path out, ClassHierarchyResolver resolver) throws IOException {
        Counter counter = new Counter(resolver);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(in)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        boolean inPlace = Files.isDirectory(out) && Files.isSameFile(in, out);
        // everything is instrumented before anything is written: a corrupt class file found half
        // way leaves the output as it was, not half rewritten
        Map<Path, byte[]> writes = new LinkedHashMap<>();
        for (Path file : files) {
            Path target = out.resolve(in.relativize(file).toString());
            byte[] bytes = Files.readAllBytes(file);
            byte[] result = isClassFile(file.toString())
                    ? counter.instrument(in.relativize(file).toString(), bytes)
                    : bytes;
            if (!(inPlace && result == bytes)) {
                writes.put(target, result);
            }
        }
        for (Map.Entry<Path, byte[]> write : writes.entrySet()) {
            writeAtomically(write.getKey(), write.getValue());
        }
        return counter.summary();
    }

    /** Writes a file whole or not at all: a temporary file beside it, then a move over it. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".pulse-instrument", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private Summary jar(Path in, Path out, ClassHierarchyResolver resolver) throws IOException {
        Counter counter = new Counter(resolver);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "pulse-instrument", ".jar");
        try (ZipFile zip = openJar(in);
                OutputStream file = Files.newOutputStream(temp);
                ZipOutputStream jar = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream s = zip.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                } catch (java.util.zip.ZipException e) {
                    throw new CorruptInputException(
                            "entry '" + entry.getName() + "' of '" + in + "' cannot be read (" + e.getMessage()
                                    + "): the jar is corrupt or truncated; nothing was written",
                            e);
                }
                byte[] result = !entry.isDirectory() && isClassFile(entry.getName())
                        ? counter.instrument(entry.getName(), bytes)
                        : bytes;
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                jar.putNextEntry(copy);
                jar.write(result);
                jar.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return counter.summary();
    }

    /** A corrupt or truncated class file or jar: the run stops before writing anything. */
    static final class CorruptInputException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        CorruptInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static ZipFile openJar(Path in) throws IOException {
        try {
            return new ZipFile(in.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new CorruptInputException(
                    "'" + in + "' is not a readable jar (" + e.getMessage()
                            + "): corrupt or truncated; nothing was written",
                    e);
        }
    }

    private static boolean isClassFile(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class");
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The extra methods of the class stored at {@code path} ({@code com/acme/Hog.class}, or a multi-release entry). */
    private Set<String> methodsOf(String path) {
        if (methods.isEmpty()) {
            return Set.of();
        }
        String name = path.replace('\\', '/');
        if (name.startsWith("META-INF/versions/")) {
            int slash = name.indexOf('/', "META-INF/versions/".length());
            name = slash < 0 ? name : name.substring(slash + 1);
        }
        name = name.substring(0, name.length() - ".class".length());
        return methods.getOrDefault(name, Set.of());
    }

    /** Counts one run. */
    private final class Counter {
        private final ClassHierarchyResolver resolver;
        private int classes;
        private int instrumented;
        private long checkpoints;
        private final List<String> problems = new ArrayList<>();

        Counter(ClassHierarchyResolver resolver) {
            this.resolver = resolver;
        }

        byte[] instrument(String name, byte[] bytes) {
            classes++;
            InstrumentResult result = inserter.instrument(null, bytes, resolver, methodsOf(name));
            if (result.unreadable()) {
                throw new CorruptInputException(
                        "'" + name + "' is " + result.problem() + "; nothing was written", null);
            }
            if (result.problem() != null) {
                problems.add(name + ": " + result.problem());
            } else if (result.changed()) {
                instrumented++;
                checkpoints += result.checkpoints();
            }
            return result.bytes();
        }

        Summary summary() {
            return new Summary(classes, instrumented, checkpoints, problems);
        }
    }

    /**
     * Runs from the command line; see {@link #USAGE}. Exits 0 when done (classes that could not
     * be instrumented are listed, not fatal), 2 on bad arguments, 1 if reading or writing fails.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs with the given arguments and streams.
     *
     * @param args see {@link #USAGE}
     * @param out where the summary goes
     * @param err where errors go
     * @return the exit code: 0 done, 1 I/O failure, 2 bad arguments
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        List<Path> classpath = new ArrayList<>();
        List<Path> methodFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--packages") || arg.equals("--classpath") || arg.equals("--methods")) {
                if (i + 1 == args.length) {
                    err.println("instrument: " + arg + " needs a value; " + USAGE);
                    return 2;
                }
                String value = args[++i];
                if (arg.equals("--packages")) {
                    packages.addAll(Arrays.asList(value.split(":", -1)));
                } else if (arg.equals("--methods")) {
                    methodFiles.add(Path.of(value));
                } else {
                    for (String p : value.split(java.io.File.pathSeparator, -1)) {
                        classpath.add(Path.of(p));
                    }
                }
            } else if (arg.startsWith("-")) {
                err.println("instrument: unknown option '" + arg + "'; " + USAGE);
                return 2;
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != 2) {
            err.println("instrument: expected an input and an output, got " + positional.size() + " paths; " + USAGE);
            return 2;
        }
        try {
            PackageFilter filter = new PackageFilter(packages);
            Path in = Path.of(positional.get(0));
            Path outPath = Path.of(positional.get(1));
            Map<String, Set<String>> methods = new HashMap<>();
            for (Path file : methodFiles) {
                if (!Files.isRegularFile(file)) {
                    err.println("instrument: --methods file '" + file + "' does not exist or is not a file");
                    return 2;
                }
                readMethods(file)
                        .forEach((k, v) -> methods.computeIfAbsent(k, x -> new java.util.HashSet<>())
                                .addAll(v));
            }
            Summary s = new BuildInstrumenter(filter, classpath, methods).instrument(in, outPath);
            out.println("instrumented " + s.instrumented() + " of " + s.classes() + " classes (" + s.checkpoints()
                    + " checkpoints) into " + outPath);
            for (String problem : s.problems()) {
                out.println("  left unchanged: " + problem);
            }
            return 0;
        } catch (CorruptInputException e) { // bad input, not bad usage: one line, no usage
            err.println("instrument: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("instrument: " + e.getMessage() + "; " + USAGE);
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("instrument: " + e);
            return 1;
        }
    }
}
