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
import java.util.HashMap;
import java.util.Map;

/**
 * Copies what a disk store holds in memory to its files, on the owner and (as its own backup processor) on every
 * backup: after partitions moved (a member that took one over must have it on disk), after a restore replaced the
 * contents, and at the end of a load, where it also drops the load's tombstone records from the map. A key it is run
 * on that is absent gets the tombstone version it was given, if any (keys a restore removed). Writes are queued; the
 * caller syncs every member afterwards.
 */
public final class SettleProcessor
        implements EntryProcessor<String, Record, Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private String store;
    private Map<String, Long> tombstones;
    private transient HazelcastInstance member;

    public SettleProcessor() {}

    public SettleProcessor(String store, Map<String, Long> tombstones) {
        this.store = store;
        this.tombstones = tombstones;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Boolean process(Map.Entry<String, Record> entry) {
        Record record = entry.getValue();
        DiskRecord onDisk;
        if (record != null) {
            onDisk = new DiskRecord(record.version(), record.value());
            if (record.value() == null) {
                entry.setValue(null); // a load's tombstone record: its work is done
            }
        } else {
            Long version = tombstones.get(entry.getKey());
            if (version == null) {
                return Boolean.FALSE;
            }
            onDisk = DiskRecord.tombstone(version);
        }
        if (member != null) {
            DiskStores.of(member).store(store).writeIfNewer(entry.getKey(), onDisk);
        }
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
        return GridkvSerializerHook.SETTLE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(store);
        out.writeInt(tombstones.size());
        for (Map.Entry<String, Long> e : tombstones.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        store = in.readString();
        int n = in.readInt();
        tombstones = new HashMap<>(n * 4 / 3 + 1);
        for (int i = 0; i < n; i++) {
            tombstones.put(in.readString(), in.readLong());
        }
    }
}
