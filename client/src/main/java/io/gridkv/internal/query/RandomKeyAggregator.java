package io.gridkv.internal.query;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One uniformly random key among those with a prefix, in a single pass over the members' entries: each partial result
 * is a reservoir of size one plus the number of keys it saw, and two partials merge by keeping either pick with
 * probability proportional to its count — so the final pick is uniform over all matching keys. Answers {@code ""} when
 * nothing matches (xk6-kv's contract).
 */
public final class RandomKeyAggregator
        implements Aggregator<Map.Entry<String, Record>, String>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    private String prefix;
    private long seen;
    private String pick;

    public RandomKeyAggregator() {}

    public RandomKeyAggregator(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void accumulate(Map.Entry<String, Record> entry) {
        String key = entry.getKey();
        if (key.startsWith(prefix)) {
            seen++;
            if (ThreadLocalRandom.current().nextLong(seen) == 0) {
                pick = key;
            }
        }
    }

    @Override
    public void combine(Aggregator aggregator) {
        RandomKeyAggregator other = (RandomKeyAggregator) aggregator;
        if (other.seen == 0) {
            return;
        }
        long total = seen + other.seen;
        if (ThreadLocalRandom.current().nextLong(total) < other.seen) {
            pick = other.pick;
        }
        seen = total;
    }

    @Override
    public String aggregate() {
        return pick == null ? "" : pick;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.RANDOM_KEY_AGGREGATOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(prefix);
        out.writeLong(seen);
        out.writeString(pick);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        prefix = in.readString();
        seen = in.readLong();
        pick = in.readString();
    }
}
