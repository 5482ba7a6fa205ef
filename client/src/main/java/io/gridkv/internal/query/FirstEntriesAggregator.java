package io.gridkv.internal.query;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.codec.Utf8Order;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first {@code limit} entries (in UTF-8 key order) whose key has a prefix and lies strictly after a cursor key —
 * one page of an ordered scan over hash-partitioned data. Each member keeps only its smallest {@code limit} candidates,
 * so a page costs one pass over the entries and at most {@code limit} entries per member on the wire; the caller's
 * combine keeps the overall smallest. {@code limit <= 0} keeps everything.
 */
public final class FirstEntriesAggregator
        implements Aggregator<Map.Entry<String, Record>, OrderedEntries>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] NO_VALUE = new byte[0];

    private String prefix;
    private byte[] after;
    private int limit;
    private boolean withValues;
    private TreeMap<String, byte[]> entries = new TreeMap<>(Utf8Order.COMPARATOR);

    public FirstEntriesAggregator() {}

    /**
     * @param after UTF-8 bytes of the cursor key (keys must be strictly greater), or {@code null} to start at the
     *     beginning of the prefix
     */
    public FirstEntriesAggregator(String prefix, byte[] after, int limit, boolean withValues) {
        this.prefix = prefix;
        this.after = after;
        this.limit = limit;
        this.withValues = withValues;
    }

    @Override
    public void accumulate(Map.Entry<String, Record> entry) {
        String key = entry.getKey();
        if (!key.startsWith(prefix) || (after != null && Utf8Order.compare(key, after) <= 0) || !fits(key)) {
            return;
        }
        offer(key, withValues ? entry.getValue().value() : NO_VALUE);
    }

    private boolean fits(String key) {
        return limit <= 0 || entries.size() < limit || Utf8Order.compare(key, entries.lastKey()) < 0;
    }

    private void offer(String key, byte[] value) {
        entries.put(key, value);
        if (limit > 0 && entries.size() > limit) {
            entries.pollLastEntry();
        }
    }

    @Override
    public void combine(Aggregator aggregator) {
        for (Map.Entry<String, byte[]> e : ((FirstEntriesAggregator) aggregator).entries.entrySet()) {
            if (!fits(e.getKey())) {
                break; // the other side is sorted too: nothing after this can fit either
            }
            offer(e.getKey(), e.getValue());
        }
    }

    @Override
    public OrderedEntries aggregate() {
        List<String> keys = new ArrayList<>(entries.size());
        List<byte[]> values = new ArrayList<>(entries.size());
        entries.forEach((k, v) -> {
            keys.add(k);
            values.add(withValues ? v : null);
        });
        return new OrderedEntries(keys, values);
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.FIRST_ENTRIES_AGGREGATOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(prefix);
        out.writeByteArray(after);
        out.writeInt(limit);
        out.writeBoolean(withValues);
        out.writeInt(entries.size());
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            out.writeString(e.getKey());
            out.writeByteArray(withValues ? e.getValue() : null);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        prefix = in.readString();
        after = in.readByteArray();
        limit = in.readInt();
        withValues = in.readBoolean();
        int n = in.readInt();
        entries = new TreeMap<>(Utf8Order.COMPARATOR);
        for (int i = 0; i < n; i++) {
            String key = in.readString();
            byte[] value = in.readByteArray();
            entries.put(key, value == null ? NO_VALUE : value);
        }
    }
}
