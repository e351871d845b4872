package dev.pulse.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * One frame of a task's stack as Pulse reports it in a {@code dev.pulse.SlowPoll} event: one
 * {@code "\tat " + StackTraceElement} line a frame, innermost first.
 *
 * {@snippet class=dev.pulse.agent.AgentSnippets region=frames}
 *
 * @param className the declaring class's binary name ({@code com.acme.Hog$Inner}); empty for a
 *     hidden class, whose frames name no class the agent can find
 * @param methodName the method's name ({@code burn}, {@code lambda$run$0}, {@code <init>})
 * @param line the line the frame was at, or -1 when unknown (no debug information, native)
 */
public record TaskFrame(String className, String methodName, int line) {

    /**
     * Reads the frames of a stack written one {@code at} line a frame; lines that are not frames
     * ({@code ... 12 more}, notes in parentheses) are skipped.
     *
     * @param stack the text, such as {@code SlowPoll}'s {@code taskStack}
     * @return the frames, innermost first; empty if there are none
     */
    public static List<TaskFrame> parse(String stack) {
        List<TaskFrame> frames = new ArrayList<>();
        for (String raw : stack.split("\n", -1)) {
            String line = raw.strip();
            if (!line.startsWith("at ")) {
                continue;
            }
            TaskFrame frame = frame(line.substring(3).strip());
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /**
     * One {@code StackTraceElement.toString()}: {@code [loader/][module[@version]/]class.method(file:line)}.
     * The class is what follows the last {@code /} before the parenthesis; a hidden class's name
     * carries a {@code /0x...} suffix of its own, which leaves a name starting with {@code 0x}.
     */
    private static TaskFrame frame(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return null;
        }
        String qualified = text.substring(0, open);
        String name = qualified.substring(qualified.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return null;
        }
        String className = name.substring(0, dot);
        if (className.startsWith("0x")) {
            className = "";
        }
        String source = text.substring(open + 1, close);
        int colon = source.lastIndexOf(':');
        int line = -1;
        if (colon >= 0) {
            try {
                line = Integer.parseInt(source.substring(colon + 1));
            } catch (NumberFormatException e) {
                line = -1;
            }
        }
        return new TaskFrame(className, name.substring(dot + 1), line);
    }

    /**
     * The frame as a stack trace shows it, without file: {@code com.acme.Hog.burn:42}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return className + "." + methodName + (line >= 0 ? ":" + line : "");
    }
}
