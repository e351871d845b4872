package dev.pulse.agent;

import java.io.IOException;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Compiled examples for the Javadoc of {@code dev.pulse.agent}. */
final class AgentSnippets {
    private AgentSnippets() {}

    static boolean packages() {
        // @start region=packages
        PackageFilter filter = new PackageFilter(List.of("com.acme.*", "org.example"));
        boolean sub = filter.matches("com/acme/engine/Loop"); // true: com.acme and below
        boolean exact = filter.matches("org/example/Main"); // true: that package
        boolean below = filter.matches("org/example/sub/Other"); // false: org.example only
        // @end
        return sub && exact && !below;
    }

    static AgentOptions options() {
        // @start region=options
        // java -javaagent:pulse-agent.jar=packages=com.acme.*:org.example,verbose=true -jar app.jar
        AgentOptions options = AgentOptions.parse("packages=com.acme.*:org.example,verbose=true");
        // AgentOptions.parse("packges=x") throws: bad option 'packges=x' (unknown option); allowed: ...
        // @end
        return options;
    }

    static byte[] inserter(Path classFile) throws IOException {
        // @start region=inserter
        byte[] original = Files.readAllBytes(classFile);
        CheckpointInserter inserter = new CheckpointInserter(PackageFilter.NONE); // annotated code only
        InstrumentResult result = inserter.instrument(
                null, original, ClassHierarchyResolver.ofResourceParsing(ClassLoader.getSystemClassLoader()));
        if (result.problem() != null) {
            System.err.println("left unchanged: " + result.problem());
        }
        System.out.println(result.checkpoints() + " checkpoints");
        // @end
        return result.bytes();
    }

    static void transformer(Instrumentation instrumentation) {
        // @start region=transformer
        PulseClassTransformer transformer =
                new PulseClassTransformer(AgentOptions.parse("verbose=true"), instrumentation, System.err);
        instrumentation.addTransformer(transformer);
        // ... classes load ...
        System.out.println(
                transformer.instrumentedClasses() + " classes, " + transformer.insertedCheckpoints() + " checkpoints");
        instrumentation.removeTransformer(transformer);
        // @end
    }

    static void opener(Instrumentation instrumentation) {
        // @start region=opener
        JavaLangOpener.openAtStartup(instrumentation); // what the agent does first
        // @end
    }

    static void agent(Instrumentation instrumentation) {
        // @start region=agent
        // java -javaagent:pulse-agent.jar -jar app.jar      (no --add-opens needed)
        // java -javaagent:pulse-agent.jar=packages=com.acme.* -jar app.jar
        PulseClassTransformer installed = PulseAgent.install("verbose=true", instrumentation, System.err);
        PulseClassTransformer again = PulseAgent.install("verbose=true", instrumentation, System.err);
        assert installed == again; // one installer, once per JVM
        PulseAgent.uninstall(); // for tests: classes loaded from now on are left alone
        // @end
    }

    static void build() throws IOException {
        // @start region=build
        // ./pulse instrument build/classes build/classes-instrumented
        // java -jar pulse-agent.jar app.jar app-instrumented.jar --packages com.acme.*
        BuildInstrumenter.Summary summary = new BuildInstrumenter(PackageFilter.NONE, List.of())
                .instrument(Path.of("target/classes"), Path.of("target/classes")); // in place
        System.out.println(summary.instrumented() + " of " + summary.classes() + " classes instrumented");
        summary.problems().forEach(p -> System.err.println("left unchanged: " + p));
        // @end
    }

    static List<TaskFrame> frames(String taskStack) {
        // @start region=frames
        // taskStack of a dev.pulse.SlowPoll event:  "\tat app//com.acme.Hog.burn(Hog.java:42)\n..."
        List<TaskFrame> frames = TaskFrame.parse(taskStack);
        TaskFrame innermost = frames.getFirst(); // com.acme.Hog, burn, 42
        // @end
        return innermost == null ? List.of() : frames;
    }

    static void event() {
        // @start region=event
        // jfr print --events dev.pulse.AdaptiveCheckpoint recording.jfr
        AdaptiveCheckpointEvent event = new AdaptiveCheckpointEvent();
        if (event.shouldCommit()) {
            event.className = "com.acme.Hog";
            event.method = "burn(J)J";
            event.why = "its loop held the carrier";
            event.task = "'worker-1' (#42)";
            event.commit();
        }
        // @end
    }

    static List<String> mxbean() throws javax.management.JMException {
        // @start region=mxbean
        AdaptiveCheckpointsMXBean adaptive = javax.management.JMX.newMXBeanProxy(
                java.lang.management.ManagementFactory.getPlatformMBeanServer(),
                new javax.management.ObjectName(AdaptiveCheckpoints.OBJECT_NAME),
                AdaptiveCheckpointsMXBean.class);
        List<String> methods = adaptive.getMethods(); // [com.acme.Hog#burn(J)J, ...]
        // @end
        return methods;
    }

    static void adaptive(Instrumentation instrumentation) {
        // @start region=adaptive
        // java -javaagent:pulse-agent.jar=adaptive=true,adaptive-log=hot-methods.txt -jar app.jar
        // later, to make it permanent:  ./pulse instrument --methods hot-methods.txt app.jar app-fixed.jar
        AgentOptions options = AgentOptions.parse("adaptive=true,adaptive-exclude=com.acme.vendored.*");
        PulseClassTransformer transformer = new PulseClassTransformer(options, instrumentation, System.err);
        instrumentation.addTransformer(transformer, true); // retransformation-capable
        AdaptiveCheckpoints adaptive = new AdaptiveCheckpoints(options, instrumentation, transformer, System.err);
        adaptive.start(); // from now on, long polls reported by Pulse get their methods instrumented
        // ...
        adaptive.close(); // stops listening; instrumented methods keep their checkpoints
        // @end
    }
}
