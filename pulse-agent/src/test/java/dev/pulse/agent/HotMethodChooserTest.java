package dev.pulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.adaptive.HotShapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The method adaptive checkpoints choose, from the real stacks of real threads running the shapes
 * of {@link HotShapes}, written the way Pulse's watchdog writes them into a {@code SlowPoll} event.
 */
class HotMethodChooserTest {

    private static final HotMethodChooser CHOOSER =
            new HotMethodChooser(PackageFilter.NONE, HotMethodChooserTest::bytes);

    @Test
    void aLoopInTheHogItselfIsTheHogsMethod() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        HotMethodChooser.Outcome outcome = whileRunning(() -> HotShapes.spin(stop), stop, "spin", CHOOSER);
        assertThat(outcome.choice()).as(outcome.reason()).isNotNull();
        assertThat(outcome.choice().methodLine())
                .isEqualTo("example.adaptive.HotShapes#spin(Ljava/util/concurrent/atomic/AtomicBoolean;)J");
    }

    @Test
    void aLoopAroundAJdkCallIsTheCallersMethodNotTheJdks() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        HotMethodChooser.Outcome outcome =
                whileRunning(() -> HotShapes.sortLoop(stop), stop, "java.util.DualPivotQuicksort", CHOOSER);
        assertThat(outcome.choice()).as(outcome.reason()).isNotNull();
        assertThat(outcome.choice().methodLine())
                .isEqualTo("example.adaptive.HotShapes#sortLoop(Ljava/util/concurrent/atomic/AtomicBoolean;)J");
        assertThat(outcome.choice().why()).isEqualTo("its loop calls into java.util.Arrays.sort");
    }

    @Test
    void aLoopInALambdaIsTheLambdasBody() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[] sink = new long[1];
        HotMethodChooser.Outcome outcome = whileRunning(HotShapes.lambda(stop, sink), stop, "lambda$", CHOOSER);
        assertThat(outcome.choice()).as(outcome.reason()).isNotNull();
        assertThat(outcome.choice().className()).isEqualTo("example.adaptive.HotShapes");
        assertThat(outcome.choice().method())
                .startsWith("lambda$lambda$")
                .endsWith("(Ljava/util/concurrent/atomic/AtomicBoolean;[J)V");
    }

    @Test
    void aStepWithNoLoopPassesTheChoiceToTheLoopThatCallsIt() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        HotMethodChooser.Outcome outcome = whileRunning(() -> HotShapes.stepLoop(stop), stop, "stepLoop", CHOOSER);
        assertThat(outcome.choice()).as(outcome.reason()).isNotNull();
        assertThat(outcome.choice().method()).startsWith("stepLoop(");
    }

    @Test
    void aRecursiveMethodWithNoLoopGetsItsEntryCheckpoint() throws Exception {
        CountDownLatch bottom = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                HotShapes.descend(20, bottom, release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(bottom.await(10, TimeUnit.SECONDS)).isTrue();
            HotMethodChooser.Outcome outcome = CHOOSER.choose(TaskFrame.parse(stackOf(t)));
            assertThat(outcome.choice()).as(outcome.reason()).isNotNull();
            assertThat(outcome.choice().method())
                    .isEqualTo("descend(ILjava/util/concurrent/CountDownLatch;Ljava/util/concurrent/CountDownLatch;)I");
            assertThat(outcome.choice().why()).contains("calls itself");
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void anExcludedPackageIsPassedOverLikeTheJdk() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        HotMethodChooser excluding =
                new HotMethodChooser(new PackageFilter(List.of("example.adaptive.lib")), HotMethodChooserTest::bytes);
        HotMethodChooser.Outcome outcome =
                whileRunning(() -> HotShapes.aroundLibrary(stop), stop, "LibraryLoop.mix", excluding);
        assertThat(outcome.choice()).as(outcome.reason()).isNotNull();
        assertThat(outcome.choice().method()).startsWith("aroundLibrary(");
        assertThat(outcome.choice().why()).isEqualTo("its loop calls into example.adaptive.lib.LibraryLoop.mix");

        stop.set(false);
        HotMethodChooser.Outcome unexcluded =
                whileRunning(() -> HotShapes.aroundLibrary(stop), stop, "LibraryLoop.mix", CHOOSER);
        assertThat(unexcluded.choice().methodLine())
                .as("the control: not excluded, the library's own loop is the innermost")
                .isEqualTo("example.adaptive.lib.LibraryLoop#mix(JI)J");
    }

    @Test
    void pulseAndJdkFramesAloneChooseNothing() {
        HotMethodChooser.Outcome outcome = CHOOSER.choose(TaskFrame.parse("""
                \tat java.base/java.util.Arrays.sort(Arrays.java:1041)
                \tat dev.pulse.core/dev.pulse.load.CpuBurn.forMillis(CpuBurn.java:30)
                \tat java.base/java.lang.VirtualThread.run(VirtualThread.java:456)
                """));
        assertThat(outcome.choice()).isNull();
        assertThat(outcome.reason()).isEqualTo("no application frame on the stack");
    }

    @Test
    void onlyDirectRecursionCountsAsRecursion() {
        // a framework method entered again further out (JUnit's invoke, a servlet filter chain) is
        // no recursive hog: with no loop in between it chooses nothing
        HotMethodChooser.Outcome outcome = CHOOSER.choose(TaskFrame.parse("""
                \tat app//example.adaptive.HotShapes.step(HotShapes.java:86)
                \tat java.base/java.util.Arrays.sort(Arrays.java:1041)
                \tat app//example.adaptive.HotShapes.step(HotShapes.java:86)
                """));
        assertThat(outcome.choice()).as(outcome.reason()).isNull();
    }

    @Test
    void aMethodWithCheckpointsAlreadyEndsTheSearch() throws Exception {
        // the instrumented copy of HotShapes, as the agent would serve it after a first choice
        byte[] original = bytes("example.adaptive.HotShapes");
        byte[] instrumented = new CheckpointInserter(PackageFilter.NONE)
                .instrument(
                        "example/adaptive/HotShapes",
                        original,
                        java.lang.classfile.ClassHierarchyResolver.ofResourceParsing(
                                getClass().getClassLoader()),
                        java.util.Set.of("spin(Ljava/util/concurrent/atomic/AtomicBoolean;)J"))
                .bytes();
        assertThat(instrumented).isNotSameAs(original);
        HotMethodChooser after = new HotMethodChooser(
                PackageFilter.NONE, name -> name.equals("example.adaptive.HotShapes") ? instrumented : bytes(name));
        HotMethodChooser.Outcome outcome = after.choose(TaskFrame.parse("""
                \tat app//example.adaptive.HotShapes.spin(HotShapes.java:24)
                \tat app//example.adaptive.HotShapes.stepLoop(HotShapes.java:75)
                """));
        assertThat(outcome.choice()).isNull();
        assertThat(outcome.reason()).contains("already has checkpoints");
    }

    /** Runs {@code body} on a platform thread until its stack shows {@code marker}; chooses from that stack. */
    private static HotMethodChooser.Outcome whileRunning(
            Runnable body, AtomicBoolean stop, String marker, HotMethodChooser chooser) throws InterruptedException {
        Thread t = Thread.ofPlatform().start(body);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String stack = stackOf(t);
            while (!stack.contains(marker) && System.nanoTime() < deadline) { // the thread is still starting
                Thread.sleep(1);
                stack = stackOf(t);
            }
            assertThat(stack).as("the thread reached %s", marker).contains(marker);
            return chooser.choose(TaskFrame.parse(stack));
        } finally {
            stop.set(true);
            t.join();
        }
    }

    /** The stack as Pulse's watchdog writes it. */
    private static String stackOf(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement frame : t.getStackTrace()) {
            sb.append("\tat ").append(frame).append('\n');
        }
        return sb.toString();
    }

    private static byte[] bytes(String className) {
        try (InputStream in = HotMethodChooserTest.class
                .getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
