package dev.pulse.agent;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.LineNumberInfo;
import java.lang.classfile.attribute.LineNumberTableAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Picks the method adaptive checkpoints instrument, from the stack of a task caught in a long
 * poll: the innermost frame of application code whose method has a loop with no checkpoint, or
 * is called by itself directly (a recursive method gets its checkpoint at entry).
 *
 * <p>Application code is what the agent may instrument: not the JDK, not Pulse, not hidden or
 * generated classes ({@code $$} in the name, proxies), not an excluded package, and only classes
 * {@code classBytes} can find (loaded by a loader that sees Pulse). An inner frame with no loop
 * (a comparator, a step called in a loop) passes the choice to its caller, which is how a loop
 * around a JDK call ({@code while (...) Arrays.sort(...)}) is found: the JDK's frames are skipped,
 * the caller's loop is chosen. A method that already has checkpoints ends the search: its
 * callers are covered by its entry checkpoint.
 */
final class HotMethodChooser {

    private static final String[] NOT_APPLICATION = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.pulse."};

    /**
     * The method to instrument.
     *
     * @param className the binary class name
     * @param method the method's name and descriptor, {@code burn(J)J}
     * @param why why this method, for the log line and the event
     */
    record Choice(String className, String method, String why) {
        /** The form {@code pulse instrument --methods} reads: {@code com.acme.Hog#burn(J)J}. */
        String methodLine() {
            return className + "#" + method;
        }
    }

    /**
     * What the chooser decided.
     *
     * @param choice the method to instrument, or {@code null}
     * @param reason why there is none, or {@code null} when there is a choice
     */
    record Outcome(Choice choice, String reason) {}

    private final PackageFilter exclude;
    private final Function<String, byte[]> classBytes;

    /**
     * Creates a chooser.
     *
     * @param exclude packages never chosen (their frames are passed over like the JDK's)
     * @param classBytes a class's file by binary name, or {@code null} when the agent cannot
     *     instrument that class (not loaded, no class file, a loader that cannot see Pulse)
     */
    HotMethodChooser(PackageFilter exclude, Function<String, byte[]> classBytes) {
        this.exclude = exclude;
        this.classBytes = classBytes;
    }

    Outcome choose(List<TaskFrame> frames) {
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            TaskFrame frame = frames.get(i);
            if (!isApplication(frame.className())) {
                continue;
            }
            byte[] bytes = classBytes.apply(frame.className());
            if (bytes == null) {
                passed.add(frame + " (class not instrumentable here)");
                continue;
            }
            MethodModel method;
            try {
                ClassModel model = ClassFile.of().parse(bytes);
                method = methodAt(model, frame);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                passed.add(frame + " (class file unreadable)");
                continue;
            }
            if (method == null) {
                passed.add(frame + " (no unique method at that line)");
                continue;
            }
            CodeModel code = method.code().orElseThrow();
            String key = CheckpointInserter.key(method);
            if (BackEdgeCheckpoints.instrumented(code)) {
                return new Outcome(null, frame.className() + "." + key + " already has checkpoints");
            }
            if (BackEdgeCheckpoints.hasUncheckedLoop(code)) {
                return new Outcome(new Choice(frame.className(), key, loopWhy(frames, i)), null);
            }
            if (recursesBelow(frames, i)) {
                return new Outcome(new Choice(frame.className(), key, "it calls itself (a checkpoint at entry)"), null);
            }
            passed.add(frame + " (no loop)");
        }
        return new Outcome(
                null,
                passed.isEmpty()
                        ? "no application frame on the stack"
                        : "no application frame with a loop: " + String.join(", ", passed));
    }

    /** Why a loop at {@code frames[i]}: what the frame just inside it was. */
    private String loopWhy(List<TaskFrame> frames, int i) {
        if (i == 0) {
            return "its loop held the carrier";
        }
        TaskFrame inner = frames.get(i - 1);
        return isApplication(inner.className())
                ? "its loop calls " + inner.className() + "." + inner.methodName()
                : "its loop calls into " + inner.className() + "." + inner.methodName();
    }

    boolean isApplication(String className) {
        if (className.isEmpty() || className.contains("$$") || className.contains("$Proxy")) {
            return false;
        }
        for (String prefix : NOT_APPLICATION) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return !exclude.matches(className.replace('.', '/'));
    }

    /** Direct recursion: the next frame out is the same method (a re-entered framework method is not). */
    private static boolean recursesBelow(List<TaskFrame> frames, int i) {
        if (i + 1 >= frames.size()) {
            return false;
        }
        TaskFrame frame = frames.get(i);
        TaskFrame outer = frames.get(i + 1);
        return outer.className().equals(frame.className()) && outer.methodName().equals(frame.methodName());
    }

    /**
     * The method the frame is in: the only one with its name and code, or among overloads the one
     * whose line table holds the frame's line.
     */
    private static MethodModel methodAt(ClassModel model, TaskFrame frame) {
        List<MethodModel> named = new ArrayList<>();
        for (MethodModel m : model.methods()) {
            if (m.methodName().equalsString(frame.methodName()) && m.code().isPresent()) {
                named.add(m);
            }
        }
        if (named.size() <= 1) {
            return named.isEmpty() ? null : named.getFirst();
        }
        MethodModel found = null;
        for (MethodModel m : named) {
            if (frame.line() >= 0 && hasLine(m.code().orElseThrow(), frame.line())) {
                if (found != null) {
                    return null;
                }
                found = m;
            }
        }
        return found;
    }

    private static boolean hasLine(CodeModel code, int line) {
        for (LineNumberTableAttribute table : code.findAttributes(Attributes.lineNumberTable())) {
            for (LineNumberInfo info : table.lineNumbers()) {
                if (info.lineNumber() == line) {
                    return true;
                }
            }
        }
        return false;
    }
}
