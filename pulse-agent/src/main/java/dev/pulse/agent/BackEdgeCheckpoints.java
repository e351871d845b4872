package dev.pulse.agent;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The code transform for one method: a checkpoint at entry and one before every backward jump
 * (a loop's back-edge), where none is already.
 *
 * <p>The method first looks up its Pulse task once, into a new local variable ({@code
 * Checkpoints.currentTask()}: a virtual thread's task never changes), and each checkpoint passes
 * it to {@code Checkpoints.checkpoint(task)} (or {@code consume(task, units, sliceNanos)} for an
 * annotation with settings): an iteration then costs a null check and a decrement, not a
 * thread-local read. The calls take nothing else from the operand stack and leave nothing on
 * it; the ClassFile API recomputes the stack map frames (with the new local) and the maxima.
 *
 * <p>A jump is backward when its target label comes earlier in the code, which is how the
 * ClassFile API streams a method: labels arrive in code order. A checkpoint call right before the
 * jump ({@code Pulse.checkpoint} written by hand, or one of ours) counts as already there, as does
 * one as the method's first instruction; a method that begins with the task lookup was
 * instrumented before and is left alone, so instrumenting twice changes nothing the second time.
 *
 * <p>One instance per method.
 */
final class BackEdgeCheckpoints implements CodeTransform {

    static final ClassDesc PULSE = ClassDesc.of("dev.pulse.Pulse");
    static final ClassDesc CHECKPOINTS = ClassDesc.of("dev.pulse.scheduler.Checkpoints");
    static final ClassDesc TASK = ClassDesc.of("dev.pulse.scheduler.ScheduledTask");
    static final String CURRENT_TASK = "currentTask";
    static final MethodTypeDesc LOOKUP = MethodTypeDesc.of(TASK);
    /** {@code Checkpoints.checkpoint(ScheduledTask)}: one unit, the runtime's slice. */
    static final MethodTypeDesc PLAIN = MethodTypeDesc.of(ConstantDescs.CD_void, TASK);
    /** {@code Checkpoints.consume(ScheduledTask, int, long)}: units and a slice of its own. */
    static final MethodTypeDesc WITH_SETTINGS =
            MethodTypeDesc.of(ConstantDescs.CD_void, TASK, ConstantDescs.CD_int, ConstantDescs.CD_long);

    private final BudgetSettings settings;
    private final boolean atEntry;
    private final BitSet backEdges;
    private int instruction;
    private int task = -1;
    private int inserted;

    BackEdgeCheckpoints(BudgetSettings settings, CodeModel code) {
        this.settings = settings;
        List<CodeElement> elements = code.elementList();
        boolean done = startsWithLookup(elements);
        this.atEntry = !done && !startsWithCheckpoint(elements);
        this.backEdges = done ? new BitSet() : uncheckedBackEdges(elements);
    }

    @Override
    public void atStart(CodeBuilder builder) {
        if (atEntry || !backEdges.isEmpty()) {
            task = builder.allocateLocal(TypeKind.REFERENCE);
            builder.invokestatic(CHECKPOINTS, CURRENT_TASK, LOOKUP);
            builder.astore(task);
        }
        if (atEntry) {
            insert(builder);
        }
    }

    @Override
    public void accept(CodeBuilder builder, CodeElement element) {
        if (element instanceof Instruction && backEdges.get(instruction++)) {
            insert(builder);
        }
        builder.with(element);
    }

    /** How many checkpoints this transform inserted so far. */
    int inserted() {
        return inserted;
    }

    private void insert(CodeBuilder builder) {
        builder.aload(task);
        if (settings.isPlain()) {
            builder.invokestatic(CHECKPOINTS, "checkpoint", PLAIN);
        } else {
            builder.loadConstant(settings.units());
            builder.loadConstant(settings.sliceMicros() * 1_000L);
            builder.invokestatic(CHECKPOINTS, "consume", WITH_SETTINGS);
        }
        inserted++;
    }

    /** The ordinals (among instructions) of backward jumps with no checkpoint right before them. */
    private static BitSet uncheckedBackEdges(List<CodeElement> elements) {
        BitSet result = new BitSet();
        Set<Label> bound = new HashSet<>();
        boolean previousIsCheckpoint = false;
        int ordinal = 0;
        for (CodeElement element : elements) {
            if (element instanceof LabelTarget target) {
                bound.add(target.label());
                previousIsCheckpoint = false;
            } else if (element instanceof Instruction instruction) {
                if (!previousIsCheckpoint && jumpsBack(instruction, bound)) {
                    result.set(ordinal);
                }
                previousIsCheckpoint = isCheckpoint(instruction);
                ordinal++;
            }
        }
        return result;
    }

    private static boolean jumpsBack(Instruction instruction, Set<Label> bound) {
        return switch (instruction) {
            case BranchInstruction branch -> bound.contains(branch.target());
            case TableSwitchInstruction sw -> bound.contains(sw.defaultTarget()) || anyBound(sw.cases(), bound);
            case LookupSwitchInstruction sw -> bound.contains(sw.defaultTarget()) || anyBound(sw.cases(), bound);
            default -> false;
        };
    }

    private static boolean anyBound(List<SwitchCase> cases, Set<Label> bound) {
        for (SwitchCase c : cases) {
            if (bound.contains(c.target())) {
                return true;
            }
        }
        return false;
    }

    /** A call to {@code Pulse.checkpoint} (by hand) or to one of the checkpoints this inserts. */
    static boolean isCheckpoint(Instruction instruction) {
        if (!(instruction instanceof InvokeInstruction invoke) || invoke.opcode() != Opcode.INVOKESTATIC) {
            return false;
        }
        ClassDesc owner = invoke.owner().asSymbol();
        return (owner.equals(PULSE) && invoke.name().equalsString("checkpoint"))
                || (owner.equals(CHECKPOINTS)
                        && (invoke.name().equalsString("checkpoint")
                                || invoke.name().equalsString("consume")));
    }

    /** The method begins with the task lookup this transform inserts: it was instrumented before. */
    private static boolean startsWithLookup(List<CodeElement> elements) {
        for (CodeElement element : elements) {
            if (element instanceof Instruction instruction) {
                return instruction instanceof InvokeInstruction invoke
                        && invoke.opcode() == Opcode.INVOKESTATIC
                        && invoke.owner().asSymbol().equals(CHECKPOINTS)
                        && invoke.name().equalsString(CURRENT_TASK);
            }
        }
        return false;
    }

    /** The method's first instructions are a checkpoint: a plain call, or constants then a call. */
    private static boolean startsWithCheckpoint(List<CodeElement> elements) {
        for (CodeElement element : elements) {
            if (element instanceof Instruction instruction) {
                if (isCheckpoint(instruction)) {
                    return true;
                }
                if (!(instruction instanceof ConstantInstruction)) {
                    return false;
                }
            }
        }
        return false;
    }
}
