package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.util.Map;

/**
 * {@code delete} and {@code deleteIfExists}: removes the key and answers whether it existed ({@code Boolean}). Runs on
 * the key's owner; backups receive the removal only when there was something to remove.
 */
public final class DeleteProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    public DeleteProcessor() {}

    @Override
    ProcessorResult apply(Map.Entry<String, Record> entry, Record current) {
        if (current == null) {
            return result(Effect.NONE, Boolean.FALSE);
        }
        return result(remove(entry), Boolean.TRUE);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.DELETE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
