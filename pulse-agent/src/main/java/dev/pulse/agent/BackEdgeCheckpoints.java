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
 * <p>The calls are Pulse's versioned checkpoint ABI ({@code dev.pulse.CheckpointAbi}), never an
 * internal class, so a class file rewritten by this Pulse keeps linking on later ones. The method
 * first looks up its Pulse task once, into a new local variable ({@code CheckpointAbi.task()}: a
 * virtual thread's task never changes), and each checkpoint passes it to {@code
 * CheckpointAbi.checkpoint(task)} (or {@code checkpoint(task, units, sliceNanos)} for an annotation
 * with settings): an iteration then costs a type check and a decrement, not a thread-local read. The calls take nothing else from the operand stack and leave nothing on
 * it; the ClassFile API recomputes the stack map frames (with the new local) and the maxima.
 *
 * <p>A jump is backward when its target label comes earlier in the code, which is how the
 * ClassFile API streams a method: labels arrive in code order. A checkpoint call right before the
 * jump ({@code Pulse.checkpoint} written by hand, or one of ours) counts as already there, as does
 * one as the method's first instruction; a method that begins with the task lookup (this ABI's or
 * the unversioned one Pulse wrote before it) was instrumented before and is left alone.
 *
 * <p>One instance per method.
 */
final class BackEdgeCheckpoints implements CodeTransform {

    static final ClassDesc PULSE = ClassDesc.of("dev.pulse.Pulse");
    /** The checkpoint ABI this writes (see {@code dev.pulse.CheckpointAbi}). */
    static final ClassDesc ABI = ClassDesc.of("dev.pulse.CheckpointAbi");

    static final ClassDesc HANDLE = ClassDesc.of("dev.pulse.TaskHandle");
    /** What Pulse wrote before the ABI had a version: recognised, never written. */
    static final ClassDesc LEGACY = ClassDesc.of("dev.pulse.scheduler.Checkpoints");

    static final String LEGACY_LOOKUP = "currentTask";
    static final String LOOKUP = "task";
    static final String CHECKPOINT = "checkpoint";
    static final MethodTypeDesc LOOKUP_TYPE = MethodTypeDesc.of(HANDLE);
    /** {@code CheckpointAbi.checkpoint(TaskHandle)}: one unit, the runtime's slice. */
    static final MethodTypeDesc PLAIN = MethodTypeDesc.of(ConstantDescs.CD_void, HANDLE);
    /** {@code CheckpointAbi.checkpoint(TaskHandle, int, long)}: units and a slice of its own. */
    static final MethodTypeDesc WITH_SETTINGS =
            MethodTypeDesc.of(ConstantDescs.CD_void, HANDLE, ConstantDescs.CD_int, ConstantDescs.CD_long);

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
            builder.invokestatic(ABI, LOOKUP, LOOKUP_TYPE);
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

    /**
     * Says whether a method was instrumented before: it begins with the task lookup.
     *
     * @param code the method's code
     * @return {@code true} if this transform would leave it alone
     */
    static boolean instrumented(CodeModel code) {
        return startsWithLookup(code.elementList());
    }

    /**
     * Says whether a method has a loop that would get a checkpoint: a backward jump with none
     * right before it.
     *
     * @param code the method's code
     * @return {@code true} if some back-edge has no checkpoint
     */
    static boolean hasUncheckedLoop(CodeModel code) {
        return !uncheckedBackEdges(code.elementList()).isEmpty();
    }

    /** How many checkpoints this transform inserted so far. */
    int inserted() {
        return inserted;
    }

    private void insert(CodeBuilder builder) {
        builder.aload(task);
        if (settings.isPlain()) {
            builder.invokestatic(ABI, CHECKPOINT, PLAIN);
        } else {
            builder.loadConstant(settings.units());
            builder.loadConstant(settings.sliceMicros() * 1_000L);
            builder.invokestatic(ABI, CHECKPOINT, WITH_SETTINGS);
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

    /**
     * A call to {@code Pulse.checkpoint} (by hand) or to one of the checkpoints this inserts, or
     * an earlier Pulse inserted.
     */
    static boolean isCheckpoint(Instruction instruction) {
        if (!(instruction instanceof InvokeInstruction invoke) || invoke.opcode() != Opcode.INVOKESTATIC) {
            return false;
        }
        ClassDesc owner = invoke.owner().asSymbol();
        return ((owner.equals(PULSE) || owner.equals(ABI)) && invoke.name().equalsString(CHECKPOINT))
                || (owner.equals(LEGACY)
                        && (invoke.name().equalsString(CHECKPOINT)
                                || invoke.name().equalsString("consume")));
    }

    /** The method begins with the task lookup this transform inserts: it was instrumented before. */
    private static boolean startsWithLookup(List<CodeElement> elements) {
        for (CodeElement element : elements) {
            if (element instanceof Instruction instruction) {
                return instruction instanceof InvokeInstruction invoke
                        && invoke.opcode() == Opcode.INVOKESTATIC
                        && ((invoke.owner().asSymbol().equals(ABI)
                                        && invoke.name().equalsString(LOOKUP))
                                || (invoke.owner().asSymbol().equals(LEGACY)
                                        && invoke.name().equalsString(LEGACY_LOOKUP)));
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
