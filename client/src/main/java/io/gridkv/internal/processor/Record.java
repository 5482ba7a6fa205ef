package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * What a store map holds for one key: the serialized value and a version that grows with every write.
 *
 * <p>The value bytes are the store's canonical encoding (JSON or raw UTF-8); they are compared byte for byte by the
 * compare-and-swap family. Immutable once built; the no-argument constructor exists for deserialization only.
 */
public final class Record implements IdentifiedDataSerializable {
    private byte[] value;
    private long version;

    public Record() {}

    public Record(byte[] value, long version) {
        this.value = value;
        this.version = version;
    }

    /** The record replacing {@code previous} (which may be {@code null}) with {@code value}. */
    static Record next(Record previous, byte[] value) {
        return new Record(value, previous == null ? 1 : previous.version + 1);
    }

    public byte[] value() {
        return value;
    }

    public long version() {
        return version;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(version);
        out.writeByteArray(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readLong();
        value = in.readByteArray();
    }
}
