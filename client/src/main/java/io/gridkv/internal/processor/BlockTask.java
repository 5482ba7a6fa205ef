package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Sets, renews or lifts a store's {@link StoreBlocks block} on the member it is sent to (one per member, through an
 * executor service). Answers {@code true} once the member applied it.
 */
public final class BlockTask implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private String store;
    /** {@code null}: lift. */
    private StoreBlocks.Kind kind;

    private long token;
    private boolean holdReads;
    private long leaseMillis;
    private transient HazelcastInstance member;

    public BlockTask() {}

    private BlockTask(String store, StoreBlocks.Kind kind, long token, boolean holdReads, long leaseMillis) {
        this.store = store;
        this.kind = kind;
        this.token = token;
        this.holdReads = holdReads;
        this.leaseMillis = leaseMillis;
    }

    public static BlockTask set(String store, StoreBlocks.Kind kind, long token, boolean holdReads, long leaseMillis) {
        return new BlockTask(store, kind, token, holdReads, leaseMillis);
    }

    public static BlockTask lift(String store, long token) {
        return new BlockTask(store, null, token, false, 0);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Boolean call() {
        StoreBlocks blocks = StoreBlocks.of(member);
        if (kind == null) {
            blocks.lift(store, token);
        } else {
            blocks.set(store, kind, token, holdReads, leaseMillis);
        }
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.BLOCK_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(store);
        out.writeByte(kind == null ? -1 : kind.ordinal());
        out.writeLong(token);
        out.writeBoolean(holdReads);
        out.writeLong(leaseMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        store = in.readString();
        byte k = in.readByte();
        kind = k < 0 ? null : StoreBlocks.Kind.values()[k];
        token = in.readLong();
        holdReads = in.readBoolean();
        leaseMillis = in.readLong();
    }
}
