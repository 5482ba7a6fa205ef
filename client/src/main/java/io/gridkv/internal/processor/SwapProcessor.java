package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;

/**
 * {@code swap}: stores the value and answers the previous bytes, or {@code null} when the key was absent (then the
 * effect is {@code ADDED}). Runs on the key's owner; backups receive the written record.
 */
public final class SwapProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    private byte[] value;

    public SwapProcessor() {}

    public SwapProcessor(byte[] value) {
        this.value = value;
    }

    @Override
    ProcessorResult apply(Map.Entry<String, Record> entry, Record current) {
        byte[] previous = current == null ? null : current.value();
        return result(write(entry, current, value), previous);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.SWAP;
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
