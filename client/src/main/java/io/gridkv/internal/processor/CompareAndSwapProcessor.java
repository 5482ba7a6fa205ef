package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code compareAndSwap} and {@code setIfAbsent}: writes the new value when the stored bytes equal the expected bytes,
 * or — when no expected bytes are given — when the key is absent. Answers {@code Boolean}. Runs on the key's owner;
 * backups receive the record only when one was written.
 */
public final class CompareAndSwapProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    private byte[] expected;
    private byte[] value;

    public CompareAndSwapProcessor() {}

    /** {@code expected == null} means "only if absent" (xk6-kv's null sentinel). */
    public CompareAndSwapProcessor(byte[] expected, byte[] value) {
        this.expected = expected;
        this.value = value;
    }

    @Override
    ProcessorResult apply(Record current) {
        boolean matches =
                expected == null ? current == null : current != null && Arrays.equals(current.value(), expected);
        if (!matches) {
            return result(Effect.NONE, Boolean.FALSE);
        }
        return result(write(current, value), Boolean.TRUE);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.COMPARE_AND_SWAP;
    }

    @Override
    void writeArguments(ObjectDataOutput out) throws IOException {
        out.writeByteArray(expected);
        out.writeByteArray(value);
    }

    @Override
    void readArguments(ObjectDataInput in) throws IOException {
        expected = in.readByteArray();
        value = in.readByteArray();
    }
}
