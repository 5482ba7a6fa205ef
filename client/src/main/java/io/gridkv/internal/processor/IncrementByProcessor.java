package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.codec.Counters;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * {@code incrementBy}: adds {@code delta} to the int64 counter stored at the key (absent counts as 0) and stores the
 * sum as plain decimal text. Runs on the key's owner; answers the new value ({@code Long}), or a
 * {@code ValueParseError} failure — leaving the value unchanged — when the stored value is not a counter or the sum
 * overflows. Backups receive the written record.
 */
public final class IncrementByProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    private long delta;

    public IncrementByProcessor() {}

    public IncrementByProcessor(long delta) {
        this.delta = delta;
    }

    @Override
    ProcessorResult apply(Record current) {
        long sum = Counters.add(current == null ? 0 : Counters.parse(current.value()), delta);
        return result(write(current, Counters.format(sum)), sum);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.INCREMENT_BY;
    }

    @Override
    void writeArguments(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
    }

    @Override
    void readArguments(ObjectDataInput in) throws IOException {
        delta = in.readLong();
    }
}
