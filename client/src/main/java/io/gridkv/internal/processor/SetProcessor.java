package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;

/**
 * {@code set}: upserts the value. Runs on the key's owner; answers {@code null} with effect {@code ADDED} when the key
 * was created. Backups receive the written record.
 */
public final class SetProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    private byte[] value;

    public SetProcessor() {}

    public SetProcessor(byte[] value) {
        this.value = value;
    }

    @Override
    ProcessorResult apply(Map.Entry<String, Record> entry, Record current) {
        return result(write(entry, current, value), null);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.SET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readByteArray();
    }
}
