package io.gridkv.internal.query;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;

/** Matches entries whose key starts with a prefix; it reads only the key, never deserializes the value. */
public final class KeyPrefixPredicate implements Predicate<String, Record>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    private String prefix;

    public KeyPrefixPredicate() {}

    public KeyPrefixPredicate(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public boolean apply(Map.Entry<String, Record> entry) {
        return entry.getKey().startsWith(prefix);
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.KEY_PREFIX_PREDICATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(prefix);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        prefix = in.readString();
    }
}
