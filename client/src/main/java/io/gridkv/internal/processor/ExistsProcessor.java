package io.gridkv.internal.processor;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.util.Map;

/**
 * {@code exists}: whether the key is present, answered on its owner without shipping the value back (IMap has no
 * asynchronous containsKey). Read-only: no lock, no backup. Answers {@code Boolean}.
 */
public final class ExistsProcessor
        implements EntryProcessor<String, Record, Boolean>, ReadOnly, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    public ExistsProcessor() {}

    @Override
    public Boolean process(Map.Entry<String, Record> entry) {
        return entry.getValue() != null;
    }

    @Override
    public EntryProcessor<String, Record, Boolean> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.EXISTS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
