package io.gridkv.internal.processor;

import io.gridkv.internal.serialization.GridkvSerializerHook;

/**
 * {@code getOrSet}: answers the stored bytes when the key exists (loaded), otherwise stores the value and answers
 * {@code null}. Runs on the key's owner; backups receive the record only when one was written.
 */
public final class GetOrSetProcessor extends ValueProcessor {
    private static final long serialVersionUID = 1L;

    public GetOrSetProcessor() {}

    public GetOrSetProcessor(byte[] value) {
        super(value);
    }

    @Override
    ProcessorResult apply(Record current) {
        if (current != null) {
            return result(Effect.NONE, current.value());
        }
        return result(write(null, value), null);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.GET_OR_SET;
    }
}
