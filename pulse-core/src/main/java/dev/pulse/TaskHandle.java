package dev.pulse;

/**
 * An opaque reference to the Pulse task of one virtual thread, as instrumented code holds it: part
 * of the {@linkplain CheckpointAbi checkpoint ABI}. It has no methods; code gets one from {@link
 * CheckpointAbi#task()} and only passes it back to {@link CheckpointAbi}'s checkpoints. Only the
 * runtime implements it.
 *
 * {@snippet class=dev.pulse.snippets.PulseSnippets region=abi}
 */
public interface TaskHandle {}
