package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.disk.DiskRecord;
import java.io.IOException;

/** {@link DiskRecord}s inside the processors that carry them to other members. */
final class DiskRecords {
    private DiskRecords() {}

    static void write(ObjectDataOutput out, DiskRecord record) throws IOException {
        out.writeLong(record.version());
        out.writeByteArray(record.value());
    }

    static DiskRecord read(ObjectDataInput in) throws IOException {
        return new DiskRecord(in.readLong(), in.readByteArray());
    }
}
