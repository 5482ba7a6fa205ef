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
 * {@code clear} of a store with key tracking or on disk: removes every entry it is run on ({@code executeOnEntries}),
 * so each removal is an ordinary entry-removed event, ordered with the key's other events — {@code IMap.clear()} would
 * publish one map-wide event that is not ordered with key events, which a key index cannot replay exactly. For a disk
 * store each removal also queues a tombstone for the member's files (the caller syncs every member afterwards). Runs
 * on every partition owner; answers {@code Boolean.TRUE} per removed key. Backups run the same removal (it is
 * idempotent and reads nothing but the record it removes).
 */
public final class ClearProcessor
        implements EntryProcessor<String, Record, Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    /** The disk store whose files get tombstones; {@code null} for a memory store. */
    private String diskStore;

    private transient HazelcastInstance member;

    public ClearProcessor() {}

    public ClearProcessor(String diskStore) {
        this.diskStore = diskStore;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Boolean process(Map.Entry<String, Record> entry) {
        if (diskStore != null && member != null) {
            DiskStores.of(member)
                    .store(diskStore)
                    .writeQueued(entry.getKey(), DiskRecord.tombstone(Record.nextVersion(entry.getValue())));
        }
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
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(diskStore);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        diskStore = in.readString();
    }
}
