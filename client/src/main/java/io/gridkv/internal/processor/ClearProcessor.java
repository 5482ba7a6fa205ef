package io.gridkv.internal.processor;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.util.Map;

/**
 * {@code clear} of a store with key tracking: removes every entry it is run on ({@code executeOnEntries}), so each
 * removal is an ordinary entry-removed event, ordered with the key's other events. {@code IMap.clear()} would publish
 * one map-wide event that is not ordered with key events, which a key index cannot replay exactly. Runs on every
 * partition owner; answers {@code Boolean.TRUE} per removed key. Backups run the same removal (it is idempotent and
 * reads nothing).
 */
public final class ClearProcessor implements EntryProcessor<String, Record, Boolean>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    public ClearProcessor() {}

    @Override
    public Boolean process(Map.Entry<String, Record> entry) {
        entry.setValue(null);
        return Boolean.TRUE;
    }

    @Override
    public EntryProcessor<String, Record, Boolean> getBackupProcessor() {
        return this;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.CLEAR;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
