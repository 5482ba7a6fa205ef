package io.gridkv.internal.processor;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.util.Map;

/**
 * A backup's read of every entry ({@code executeOnEntries}): answers each record's value bytes. Deliberately not
 * {@code ReadOnly}: a partition-wide run on the partition threads is what puts it behind every mutation that passed
 * the store's block check before the block was set (see {@link StoreBlocks}).
 */
public final class CaptureProcessor implements EntryProcessor<String, Record, byte[]>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    public CaptureProcessor() {}

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
        return GridkvSerializerHook.CAPTURE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
}
