package io.gridkv.internal.query;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@link FirstEntriesAggregator}: keys in order with their value bytes ({@code null} when values were not
 * asked for). Its own wire class because a client receives it from a member, and a {@code TreeMap} would drag its
 * comparator along.
 */
public final class OrderedEntries implements IdentifiedDataSerializable {
    private List<String> keys;
    private List<byte[]> values;

    public OrderedEntries() {}

    OrderedEntries(List<String> keys, List<byte[]> values) {
        this.keys = keys;
        this.values = values;
    }

    public List<String> keys() {
        return keys;
    }

    /** The value bytes of {@code keys().get(i)}, or {@code null} when only keys were asked for. */
    public byte[] value(int i) {
        return values.get(i);
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.ORDERED_ENTRIES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.writeString(keys.get(i));
            out.writeByteArray(values.get(i));
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        keys = new ArrayList<>(n);
        values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(in.readString());
            values.add(in.readByteArray());
        }
    }
}
