package io.gridkv.internal.processor;

import io.gridkv.internal.serialization.GridkvSerializerHook;

/**
 * {@code set}: upserts the value. Runs on the key's owner; answers {@code null} with effect {@code ADDED} when the key
 * was created. Backups receive the written record.
 */
public final class SetProcessor extends ValueProcessor {
    private static final long serialVersionUID = 1L;

    public SetProcessor() {}

    public SetProcessor(byte[] value) {
        super(value);
    }

    @Override
    ProcessorResult apply(Record current) {
        return result(write(current, value), null);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.SET;
    }
}
