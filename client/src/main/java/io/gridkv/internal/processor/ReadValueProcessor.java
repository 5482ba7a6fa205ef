package io.gridkv.internal.processor;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.util.Map;

/**
 * Reads the value bytes of many keys in one asynchronous call ({@code submitToKeys}), which {@code IMap.getAll} can't
 * do without blocking a thread. Read-only: takes no lock, sends no backup. Answers {@code byte[]}, or {@code null} for
 * an absent key.
 */
public final class ReadValueProcessor
        implements EntryProcessor<String, Record, byte[]>, ReadOnly, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    public ReadValueProcessor() {}

    @Override
    public byte[] process(Map.Entry<String, Record> entry) {
        Record record = entry.getValue();
        return record == null ? null : record.value();
    }

    @Override
    public EntryProcessor<String, Record, byte[]> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.READ_VALUE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
