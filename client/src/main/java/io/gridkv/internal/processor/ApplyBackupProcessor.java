package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.disk.DiskRecord;
import io.gridkv.internal.disk.DiskStores;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;

/**
 * Runs on backup replicas only: sets the record the primary wrote, or removes the entry when it carries none. It never
 * re-runs the primary's logic, so a backup can't diverge from its primary (say, by re-reading a counter).
 *
 * <p>For a disk store it also writes the same record (or the removal's tombstone) for this member's files, without
 * a sync: the owner's copy is synced before the caller hears the answer, and this one makes a member whose data
 * directory is lost recoverable from the others.
 *
 * <p>An identified write's answer joins this member's memory of recent answers ({@link RecentResults}), as on the
 * primary, so the memory is there when this replica becomes the owner.
 */
public final class ApplyBackupProcessor
        implements EntryProcessor<String, Record, ProcessorResult>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private Record record;
    /** The disk store the write goes to, {@code null} for a memory store. */
    private String store;

    private DiskRecord onDisk;
    /** The primary's operation and its answer, for this member's memory of recent answers. */
    private OperationId id = OperationId.NONE;

    private Object answered;
    private transient HazelcastInstance member;

    public ApplyBackupProcessor() {}

    ApplyBackupProcessor(Record record, String store, DiskRecord onDisk, OperationId id, Object answered) {
        this.record = record;
        this.store = store;
        this.onDisk = onDisk;
        this.id = id;
        this.answered = answered;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
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
        if (member != null) {
            if (store != null) {
                DiskStores.of(member).store(store).write(entry.getKey(), onDisk);
            }
            if (!id.isNone()) {
                // So that a retry finds its answer here when this replica is promoted, however many writes later.
                RecentResults.ofThisThread(member)
                        .remember(id, entry.getKey(), answered, RecentResults.partitionHashOf(entry, member));
            }
        }
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
        out.writeString(store);
        if (store != null) {
            DiskRecords.write(out, onDisk);
        }
        out.writeLong(id.high());
        out.writeLong(id.low());
        if (!id.isNone()) {
            out.writeObject(answered);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        record = in.readObject();
        store = in.readString();
        if (store != null) {
            onDisk = DiskRecords.read(in);
        }
        id = new OperationId(in.readLong(), in.readLong());
        if (!id.isNone()) {
            answered = in.readObject();
        }
    }
}
