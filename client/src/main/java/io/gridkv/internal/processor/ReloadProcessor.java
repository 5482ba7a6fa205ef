package io.gridkv.internal.processor;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.disk.DiskRecord;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;

/**
 * One member's copy of a key, from its files, offered to the key's owner while a disk store loads after a cluster
 * restart: the highest version wins, whichever member's files it came from and in whatever order they arrive. A
 * tombstone becomes a record without a value, so that an older value arriving later still loses to it; the load ends
 * by removing those ({@link SettleProcessor}). Backups run the same comparison.
 */
public final class ReloadProcessor implements EntryProcessor<String, Record, Boolean>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    private DiskRecord offered;

    public ReloadProcessor() {}

    public ReloadProcessor(DiskRecord offered) {
        this.offered = offered;
    }

    @Override
    public Boolean process(Map.Entry<String, Record> entry) {
        Record current = entry.getValue();
        if (current != null && current.version() >= offered.version()) {
            return Boolean.FALSE;
        }
        entry.setValue(new Record(offered.value(), offered.version()));
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
        return GridkvSerializerHook.RELOAD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        DiskRecords.write(out, offered);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        offered = DiskRecords.read(in);
    }
}
