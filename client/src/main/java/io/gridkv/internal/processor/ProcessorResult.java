package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * What a mutating processor answers: its {@link Effect} on the key's presence and an operation-specific payload
 * ({@code Boolean}, {@code Long}, {@code byte[]}, a {@link ProcessorFailure}, or {@code null}).
 */
public final class ProcessorResult implements IdentifiedDataSerializable {
    private Effect effect;
    private Object payload;

    public ProcessorResult() {}

    ProcessorResult(Effect effect, Object payload) {
        this.effect = effect;
        this.payload = payload;
    }

    public Effect effect() {
        return effect;
    }

    public Object payload() {
        return payload;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.PROCESSOR_RESULT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(effect.ordinal());
        out.writeObject(payload);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        effect = Effect.of(in.readByte());
        payload = in.readObject();
    }
}
