package io.gridkv.internal.processor;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;

/**
 * Runs on backup replicas only: sets the record the primary wrote, or removes the entry when it carries none. It never
 * re-runs the primary's logic, so a backup can't diverge from its primary (say, by re-reading a counter).
 */
public final class ApplyBackupProcessor
        implements EntryProcessor<String, Record, ProcessorResult>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    private Record record;

    public ApplyBackupProcessor() {}

    ApplyBackupProcessor(Record record) {
        this.record = record;
    }

    @Override
    public ProcessorResult process(Map.Entry<String, Record> entry) {
        Record current = entry.getValue();
        if (record != null && current != null && record.version() <= current.version()) {
            // Older than what this replica holds: a primary that stood still and woke up stale (see PauseFence)
            // sending what it did before it knew, never a primary in step with this replica.
            return null;
        }
        entry.setValue(record);
        return null;
    }

    @Override
    public EntryProcessor<String, Record, ProcessorResult> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.APPLY_BACKUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(record);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        record = in.readObject();
    }
}
