package dev.pulse.agent;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The code transform for one method: a checkpoint at entry and one before every backward jump
 * (a loop's back-edge), where none is already.
 *
 * <p>A jump is backward when its target label was bound earlier in the code, which is how the
 * ClassFile API streams a method: labels arrive in code order. The inserted call takes nothing
 * from the operand stack and leaves nothing on it, so every existing stack map frame stays
 * valid; the API recomputes the frames and the maximum stack anyway. A checkpoint call right
 * before the jump (or as the method's first instruction) counts as already there, so
 * instrumenting twice inserts nothing the second time.
 *
 * <p>One instance per method: it keeps the labels seen so far.
 */
final class BackEdgeCheckpoints implements CodeTransform {

    static final ClassDesc PULSE = ClassDesc.of("dev.pulse.Pulse");
    static final String CHECKPOINT = "checkpoint";
    static final MethodTypeDesc PLAIN = MethodTypeDesc.of(ConstantDescs.CD_void);
    static final MethodTypeDesc WITH_SETTINGS =
            MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int, ConstantDescs.CD_long);

    private final BudgetSettings settings;
    private final boolean atEntry;
    private final Set<Label> bound = new HashSet<>();
    private boolean previousIsCheckpoint;
    private int inserted;

    BackEdgeCheckpoints(BudgetSettings settings, CodeModel code) {
        this.settings = settings;
        this.atEntry = !startsWithCheckpoint(code.elementList());
    }

    @Override
    public void atStart(CodeBuilder builder) {
        if (atEntry) {
            insert(builder);
        }
    }

    @Override
    public void accept(CodeBuilder builder, CodeElement element) {
        switch (element) {
            case LabelTarget target -> {
                bound.add(target.label());
                previousIsCheckpoint = false;
            }
            case Instruction instruction -> {
                if (!previousIsCheckpoint && jumpsBack(instruction)) {
                    insert(builder);
                }
                previousIsCheckpoint = isCheckpoint(instruction);
            }
            default -> {} // line numbers, local variable names and the like
        }
        builder.with(element);
    }

    /** How many checkpoints this transform inserted so far. */
    int inserted() {
        return inserted;
    }

    private boolean jumpsBack(Instruction instruction) {
        return switch (instruction) {
            case BranchInstruction branch -> bound.contains(branch.target());
            case TableSwitchInstruction sw -> bound.contains(sw.defaultTarget()) || anyBound(sw.cases());
            case LookupSwitchInstruction sw -> bound.contains(sw.defaultTarget()) || anyBound(sw.cases());
            default -> false;
        };
    }

    private boolean anyBound(List<SwitchCase> cases) {
        for (SwitchCase c : cases) {
            if (bound.contains(c.target())) {
                return true;
            }
        }
        return false;
    }

    private void insert(CodeBuilder builder) {
        if (settings.isPlain()) {
            builder.invokestatic(PULSE, CHECKPOINT, PLAIN);
        } else {
            builder.loadConstant(settings.units());
            builder.loadConstant(settings.sliceMicros() * 1_000L);
            builder.invokestatic(PULSE, CHECKPOINT, WITH_SETTINGS);
        }
        inserted++;
    }

    static boolean isCheckpoint(Instruction instruction) {
        return instruction instanceof InvokeInstruction invoke
                && invoke.opcode() == Opcode.INVOKESTATIC
                && invoke.owner().asSymbol().equals(PULSE)
                && invoke.name().equalsString(CHECKPOINT);
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
