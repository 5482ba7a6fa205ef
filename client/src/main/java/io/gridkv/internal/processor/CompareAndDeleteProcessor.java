package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code compareAndDelete}: removes the key when its stored bytes equal the expected bytes (there is no absent
 * sentinel here: a JSON {@code null} is a value like any other). Answers {@code Boolean}. Runs on the key's owner;
 * backups receive the removal only when it happened. A retry that finds the key absent answers
 * {@link MutatingProcessor#ambiguousRemoval} (see {@link DeleteProcessor}).
 */
public final class CompareAndDeleteProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    private byte[] expected;

    public CompareAndDeleteProcessor() {}

    public CompareAndDeleteProcessor(byte[] expected) {
        this.expected = expected;
    }

    @Override
    ProcessorResult apply(Record current) {
        if (current == null && retry) {
            throw ambiguousRemoval();
        }
        if (current == null || !Arrays.equals(current.value(), expected)) {
            return result(Effect.NONE, Boolean.FALSE);
        }
        return result(remove(), Boolean.TRUE);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.COMPARE_AND_DELETE;
    }

    @Override
    void writeArguments(ObjectDataOutput out) throws IOException {
        out.writeByteArray(expected);
    }

    @Override
    void readArguments(ObjectDataInput in) throws IOException {
        expected = in.readByteArray();
    }
}
