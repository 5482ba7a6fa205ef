package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/** A mutating processor whose only argument is the encoded value it may write ({@code set}, {@code getOrSet}, ...). */
abstract class ValueProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    byte[] value;

    ValueProcessor() {}

    ValueProcessor(byte[] value) {
        this.value = value;
    }

    @Override
    final void writeArguments(ObjectDataOutput out) throws IOException {
        out.writeByteArray(value);
    }

    @Override
    final void readArguments(ObjectDataInput in) throws IOException {
        value = in.readByteArray();
    }
}
