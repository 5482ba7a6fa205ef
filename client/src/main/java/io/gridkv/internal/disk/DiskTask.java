package io.gridkv.internal.disk;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A step of a disk store's life that one member runs on its own files, sent through an executor service to one
 * member or to all: {@link Step#LOAD} coordinates a load, {@link Step#PUSH} offers this member's files to a load,
 * {@link Step#SYNC} forces what it queued to the device, {@link Step#AWAIT} waits until one queued write is written (see
 * {@link DiskAcks}), {@link Step#SAME_TABLE} answers whether this member's partition table is the one the settle pass
 * saw, {@link Step#PRUNE} deletes the entries of partitions this member holds no replica of ({@link DiskPrune}). The
 * last two answer false when this member's partition table is not the pass's (then nothing was pruned); the others
 * answer true.
 */
public final class DiskTask implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
    /** What the task does on the member it runs on. */
    public enum Step {
        LOAD,
        PUSH,
        SYNC,
        AWAIT,
        SAME_TABLE,
        PRUNE
    }

    private Step step;
    private String store;
    /** For {@link Step#AWAIT}: the write's number in the store's writer. */
    private long number;
    /** For {@link Step#SAME_TABLE} and {@link Step#PRUNE}: the settle pass's partition-state stamp. */
    private long stamp;

    private transient HazelcastInstance member;

    public DiskTask() {}

    public DiskTask(Step step, String store) {
        this.step = step;
        this.store = store;
    }

    static DiskTask await(String store, long number) {
        DiskTask task = new DiskTask(Step.AWAIT, store);
        task.number = number;
        return task;
    }

    /** {@link Step#SAME_TABLE}: see {@link DiskPrune#stamp}. */
    static DiskTask sameTable(long stamp) {
        DiskTask task = new DiskTask(Step.SAME_TABLE, "");
        task.stamp = stamp;
        return task;
    }

    /** {@link Step#PRUNE} of {@code store} by the partition table with {@code stamp}. */
    static DiskTask prune(String store, long stamp) {
        DiskTask task = new DiskTask(Step.PRUNE, store);
        task.stamp = stamp;
        return task;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Boolean call() {
        switch (step) {
            case LOAD -> DiskLoad.runOn(member, store);
            case PUSH -> DiskLoad.push(member, store);
            case SYNC -> DiskStores.of(member).store(store).sync();
            case AWAIT -> DiskStores.of(member).store(store).awaitWritten(number);
            case SAME_TABLE -> {
                return DiskPrune.stamp(member) == stamp;
            }
            case PRUNE -> {
                return DiskPrune.runOn(member, store, stamp);
            }
        }
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.DISK_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(step.ordinal());
        out.writeString(store);
        out.writeLong(number);
        out.writeLong(stamp);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        step = Step.values()[in.readByte()];
        store = in.readString();
        number = in.readLong();
        stamp = in.readLong();
    }
}
