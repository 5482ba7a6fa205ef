package io.gridkv.internal.processor;

import io.gridkv.internal.serialization.GridkvSerializerHook;

/**
 * {@code swap}: stores the value and answers the previous bytes, or {@code null} when the key was absent (then the
 * effect is {@code ADDED}). Runs on the key's owner; backups receive the written record.
 */
public final class SwapProcessor extends ValueProcessor {
    private static final long serialVersionUID = 1L;

    public SwapProcessor() {}

    public SwapProcessor(byte[] value) {
        super(value);
    }

    @Override
    ProcessorResult apply(Record current) {
        byte[] previous = current == null ? null : current.value();
        return result(write(current, value), previous);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.SWAP;
    }
}
