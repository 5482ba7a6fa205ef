package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.UUID;

/**
 * What a mutating processor answers: its {@link Effect} on the key's presence and an operation-specific payload
 * ({@code Boolean}, {@code Long}, {@code byte[]}, a {@link ProcessorFailure}, or {@code null}).
 *
 * <p>A mutation of a disk store answers before its record is on disk: the answer names the member whose files it
 * went to and its number in that member's writer ({@link #diskMember}, {@link #diskWrite}), and the caller waits for
 * that write before it tells its own caller (see {@code DiskStore#written}).
 */
public final class ProcessorResult implements IdentifiedDataSerializable {
    private Effect effect;
    private Object payload;
    private UUID diskMember;
    private long diskWrite;

    public ProcessorResult() {}

    ProcessorResult(Effect effect, Object payload) {
        this.effect = effect;
        this.payload = payload;
    }

    /** This result, owing write {@code number} of {@code member}'s disk writer: a caller waits for it. */
    ProcessorResult owingDisk(UUID member, long number) {
        this.diskMember = member;
        this.diskWrite = number;
        return this;
    }

    /** The member whose disk write this answer waits for, or {@code null} when it owes none. */
    public UUID diskMember() {
        return diskMember;
    }

    /** The number of that write in the member's writer of the store (see {@code DiskStore#queue}). */
    public long diskWrite() {
        return diskWrite;
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
        out.writeBoolean(diskMember != null);
        if (diskMember != null) {
            out.writeLong(diskMember.getMostSignificantBits());
            out.writeLong(diskMember.getLeastSignificantBits());
            out.writeLong(diskWrite);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        effect = Effect.of(in.readByte());
        payload = in.readObject();
        if (in.readBoolean()) {
            diskMember = new UUID(in.readLong(), in.readLong());
            diskWrite = in.readLong();
        }
    }
}
