package dev.pulse.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * Adaptive checkpoints (agent option {@code adaptive=true}): when Pulse reports a task that ran
 * long in one poll, the agent instruments, at run time, the method that held the carrier, exactly
 * as {@code @PreemptionBudget} would. The invocation already running keeps its old code (the
 * JVM's rule for redefined methods); later invocations reach checkpoints and yield at the end of
 * their slice instead of needing a handoff.
 *
 * <p><b>How it hears of long polls.</b> Pulse's watchdog records a {@code dev.pulse.SlowPoll} JFR
 * event with the task's stack when a task starts a warning episode. The agent reads those events
 * in process through a {@link RecordingStream} that enables that one event, so Pulse's core knows
 * nothing of the agent and every runtime in the JVM is covered, however it was built. The
 * stream delivers events about a second after they happen (JFR's flush period): the first long
 * polls of a hog are still ended by handoff.
 *
 * <p><b>What it chooses</b>: see {@link HotMethodChooser}. <b>Safety</b>: a method is chosen at
 * most once, whatever happens to it; at most {@code adaptive-max-per-minute} methods in any 60
 * seconds (others wait for a later long poll); never the JDK's or Pulse's classes or an {@code
 * adaptive-exclude} package; a class already instrumented at build time or load time gets only
 * the new method (its ABI stamp is kept, its instrumented methods are recognised). A class that
 * cannot be retransformed is left exactly as it was, which the JVM guarantees for a failed
 * retransformation, and named once on standard error.
 *
 * <p><b>What it tells</b>: one line per method on standard error, a {@link AdaptiveCheckpointEvent}, the
 * {@link AdaptiveCheckpointsMXBean} ({@code pulse top} lists the methods), and with {@code
 * adaptive-log=FILE} one line per method appended to that file in the form {@code pulse
 * instrument --methods FILE} reads, to make the fix permanent at build time.
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=adaptive}
 */
public final class AdaptiveCheckpoints implements AdaptiveCheckpointsMXBean, AutoCloseable {

    /** Where the MXBean is registered. */
    public static final String OBJECT_NAME = "dev.pulse:type=AdaptiveCheckpoints";

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AgentOptions options;
    private final Instrumentation instrumentation;
    private final PulseClassTransformer transformer;
    private final PrintStream out;
    private final Set<String> attempted = new HashSet<>();
    private final Set<String> failedClasses = new HashSet<>();
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private volatile long failures;
    private volatile long rateLimited;
    private boolean logFailed;
    private final BlockingQueue<LongPoll> pending = new ArrayBlockingQueue<>(64);
    private volatile boolean closed;
    private boolean eventShapeReported;
    private RecordingStream stream;
    private Recording recording;
    private ObjectName registered;

    /**
     * Creates the controller; {@link #start()} starts listening.
     *
     * @param options the agent's options ({@code adaptive-*})
     * @param instrumentation the JVM's instrumentation, which must be able to retransform
     * @param transformer the agent's transformer, installed retransformation-capable
     * @param out where the agent's lines go
     */
    public AdaptiveCheckpoints(
            AgentOptions options, Instrumentation instrumentation, PulseClassTransformer transformer, PrintStream out) {
        this.options = options;
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.out = out;
    }

    /**
     * Registers the MXBean and starts reading Pulse's slow-poll events; a daemon thread of its own
     * acts on them. Never throws: a JVM without JFR runs on with handoff only, and says so once.
     */
    public void start() {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
                registered = name;
            }
        } catch (JMException | RuntimeException e) {
            out.println("pulse-agent: adaptive checkpoints are not visible over JMX (" + e + ")");
        }
        listen();
        Thread.ofPlatform().daemon().name("pulse-agent-adaptive").start(this::work);
    }

    /** A long poll as the event stream delivered it. */
    private record LongPoll(String taskName, long taskId, long pollNanos, String stack) {}

    /**
     * Records Pulse's slow polls from now on (in {@code premain}: before the application's
     * runtimes start, so that no early long poll is missed; JFR's start-up is paid here, once),
     * and reads them on a daemon thread. The recording is started here, synchronously; the stream
     * reads the repository from this instant, so the polls recorded before it runs are delivered
     * too. (The stream runs on a daemon thread of ours: the thread {@code startAsync} would make
     * is not a daemon, and would keep the JVM from exiting.)
     */
    private void listen() {
        Recording rec = null;
        RecordingStream rs = null;
        try {
            Instant from = Instant.now();
            rec = new Recording();
            rec.setName("pulse-agent-adaptive");
            rec.enable("dev.pulse.SlowPoll").withoutStackTrace();
            rec.setToDisk(true);
            rec.setMaxAge(Duration.ofSeconds(10));
            rec.start();
            rs = new RecordingStream();
            rs.enable("dev.pulse.SlowPoll").withoutStackTrace();
            rs.setMaxAge(Duration.ofSeconds(10));
            rs.setStartTime(from);
            rs.onEvent("dev.pulse.SlowPoll", this::onEvent);
            synchronized (this) {
                recording = rec;
                stream = rs;
            }
            RecordingStream started = rs;
            Thread.ofPlatform().daemon().name("pulse-agent-adaptive-stream").start(() -> {
                try {
                    started.start();
                } catch (RuntimeException e) { // closed while starting, or the repository failed
                    if (!closed) {
                        out.println("pulse-agent: adaptive checkpoints stopped reading Pulse's events ("
                                + AgentOptions.oneLine(e.toString()) + "); handoff still covers long polls");
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            if (rs != null) {
                rs.close();
            }
            if (rec != null) {
                rec.close();
            }
            out.println("pulse-agent: adaptive checkpoints are off: no JFR event stream in this JVM ("
                    + AgentOptions.oneLine(e.toString()) + "); handoff still covers long polls");
        }
    }

    /**
     * On the stream's thread, which JFR leaves out of every recording: the work, and the
     * AdaptiveCheckpoint event it commits, happen on another thread. A full queue drops the poll;
     * a hog that matters reports again.
     */
    private void onEvent(RecordedEvent event) {
        try {
            if (!reachesNoYieldPoint(event.hasField("cause") ? event.getString("cause") : null)) {
                return;
            }
            pending.offer(new LongPoll(
                    event.getString("taskName"),
                    event.getLong("taskId"),
                    event.getDuration("pollNanos").toNanos(),
                    event.getString("taskStack")));
        } catch (RuntimeException e) { // a SlowPoll of another shape (another Pulse version): not ours to read
            if (!eventShapeReported) {
                eventShapeReported = true;
                out.println("pulse-agent: adaptive checkpoints cannot read Pulse's SlowPoll event ("
                        + AgentOptions.oneLine(e.toString()) + ")");
            }
        }
    }

    /**
     * Whether a warning's cause says the task holds its carrier with no yield point, the case
     * checkpoints fix. A task warned for its slices overrun at checkpoints, or for a hot CPU
     * window in polls that end by themselves, already reaches yield points: checkpoints in its
     * code would add nothing but a retransform. An unknown cause (an older Pulse) counts as a long
     * poll.
     *
     * @param cause the SlowPoll event's {@code cause}, or {@code null} if it has none
     * @return {@code true} if the poll is worth a method with checkpoints
     */
    static boolean reachesNoYieldPoint(String cause) {
        return cause == null || !(cause.equals("SLICES_OVERRUN") || cause.equals("HOT_CPU_WINDOW"));
    }

    private void work() {
        while (!closed) {
            try {
                LongPoll poll = pending.poll(1, TimeUnit.SECONDS);
                if (poll != null) {
                    slowPoll(poll.taskName(), poll.taskId(), poll.pollNanos(), poll.stack());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // never end the worker over one poll
                out.println("pulse-agent: adaptive checkpoints skipped a long poll ("
                        + AgentOptions.oneLine(e.toString()) + ")");
            }
        }
    }

    /**
     * One long poll, as Pulse reported it: chooses a method from the stack and, if it is new and
     * the rate allows, retransforms its class with checkpoints in that method.
     *
     * @param taskName the task's name
     * @param taskId the task's id
     * @param pollNanos how long the poll ran
     * @param stack the task's stack, one {@code at} line a frame
     * @return what happened, in one line
     */
    synchronized String slowPoll(String taskName, long taskId, long pollNanos, String stack) {
        Map<String, List<Class<?>>> loaded = new HashMap<>();
        HotMethodChooser chooser = new HotMethodChooser(options.adaptiveExclude(), name -> bytesOf(name, loaded));
        HotMethodChooser.Outcome outcome = chooser.choose(TaskFrame.parse(stack == null ? "" : stack));
        HotMethodChooser.Choice choice = outcome.choice();
        if (choice == null) {
            return "nothing chosen: " + outcome.reason();
        }
        if (attempted.contains(choice.methodLine())) {
            return "already chosen: " + choice.methodLine();
        }
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() >= MINUTE_NANOS) {
            recent.removeFirst();
        }
        if (recent.size() >= options.adaptiveMaxPerMinute()) {
            rateLimited++;
            return "rate limited: " + choice.methodLine();
        }
        recent.addLast(now);
        attempted.add(choice.methodLine());
        String why = choice.why();
        String task = taskName == null || taskName.isEmpty() ? "#" + taskId : "'" + taskName + "' (#" + taskId + ")";
        String problem = retransform(choice, loaded.getOrDefault(choice.className(), List.of()));
        if (problem != null) {
            failures++;
            if (failedClasses.add(choice.className())) {
                out.println("pulse-agent: adaptive checkpoints left " + choice.className() + " as it was: "
                        + AgentOptions.oneLine(problem));
            }
            return "failed: " + choice.methodLine() + ": " + problem;
        }
        methods.add(choice.methodLine());
        out.println(String.format(
                Locale.ROOT,
                "pulse-agent: adaptive checkpoints in %s.%s: %s; task %s ran %.1f ms in one poll",
                choice.className(),
                choice.method(),
                why,
                task,
                pollNanos / 1e6));
        AdaptiveCheckpointEvent event = new AdaptiveCheckpointEvent();
        if (event.shouldCommit()) {
            event.className = choice.className();
            event.method = choice.method();
            event.why = why;
            event.task = task;
            event.commit();
        }
        appendToLog(choice);
        return "instrumented: " + choice.methodLine();
    }

    /** Retransforms every loaded class of that name with the method added; the problem, or null. */
    private String retransform(HotMethodChooser.Choice choice, List<Class<?>> classes) {
        String internal = choice.className().replace('.', '/');
        if (classes.isEmpty()) {
            return "the class is no longer loaded";
        }
        transformer.addAdaptive(internal, choice.method());
        String problem;
        try {
            instrumentation.retransformClasses(classes.toArray(Class<?>[]::new));
            problem = transformer.adaptiveProblem(internal);
        } catch (Throwable t) { // UnmodifiableClassException, VerifyError, UnsupportedOperationException...
            problem = t.toString();
        }
        if (problem != null) {
            transformer.removeAdaptive(internal, choice.method());
        }
        return problem;
    }

    /** The class file of a loaded class the agent may instrument, or null; fills {@code loaded}. */
    private byte[] bytesOf(String className, Map<String, List<Class<?>>> loaded) {
        List<Class<?>> classes = loaded.computeIfAbsent(className, this::instrumentable);
        for (Class<?> c : classes) {
            try (InputStream in = c.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
                if (in != null) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                // try the next loader's copy
            }
        }
        return null;
    }

    private List<Class<?>> instrumentable(String className) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getName().equals(className)
                    && !c.isHidden()
                    && c.getClassLoader() != null
                    && c.getClassLoader() != ClassLoader.getPlatformClassLoader()
                    && instrumentation.isModifiableClass(c)
                    && transformer.seesPulse(c.getClassLoader())) {
                found.add(c);
            }
        }
        return found;
    }

    private void appendToLog(HotMethodChooser.Choice choice) {
        if (options.adaptiveLog() == null || logFailed) {
            return;
        }
        try { // one write of one whole line: a reader never sees half of it
            Files.writeString(
                    options.adaptiveLog(),
                    choice.methodLine() + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            logFailed = true;
            out.println("pulse-agent: cannot append to adaptive-log " + options.adaptiveLog() + " ("
                    + AgentOptions.oneLine(e.toString()) + "); adaptive checkpoints go on without it");
        }
    }

    @Override
    public List<String> getMethods() {
        return List.copyOf(methods);
    }

    @Override
    public long getInstrumentedMethods() {
        return methods.size();
    }

    @Override
    public long getFailures() {
        return failures;
    }

    @Override
    public long getRateLimited() {
        return rateLimited;
    }

    /** Stops listening and unregisters the MXBean; instrumented methods keep their checkpoints. */
    @Override
    public void close() {
        RecordingStream rs;
        Recording rec;
        closed = true;
        synchronized (this) {
            rs = stream;
            stream = null;
            rec = recording;
            recording = null;
        }
        if (rs != null) {
            rs.close();
        }
        if (rec != null) {
            rec.close();
        }
        if (registered != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
            } catch (JMException e) {
                // already gone
            }
            registered = null;
        }
    }
}
